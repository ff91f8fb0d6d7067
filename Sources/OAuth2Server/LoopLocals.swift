import NIOCore
import OAuth2Store

/// What the request path keeps per event loop — a reader of the store and a commit queue,
/// each used only on its loop — and, for a store whose reads wait on the network, the one
/// reader the blocking pool's threads share in place of the loops' own.
final class LoopLocals: Sendable {
    private let perLoop: [ObjectIdentifier: NIOLoopBound<LoopLocal>]
    private let sharedReader: SharedReader?

    /// `writer` is not stopped here if this fails: whoever started it stops it.
    init(store: any Store, writer: TokenWriter, loops: [EventLoop]) throws {
        perLoop = try Dictionary(uniqueKeysWithValues: loops.map { loop in
            let makeLocal: @Sendable () throws -> NIOLoopBound<LoopLocal> = {
                NIOLoopBound(LoopLocal(reader: try store.makeRequestReader(), commits: LoopCommitQueue(loop: loop, writer: writer)),
                             eventLoop: loop)
            }
            // Made on its loop; when already there (single-threaded), waiting for it would never end.
            return (ObjectIdentifier(loop), try loop.inEventLoop ? makeLocal() : loop.submit(makeLocal).wait())
        })
        sharedReader = store.requestReadsWait ? SharedReader(try store.makeRequestReader()) : nil
    }

    /// Whether requests are answered off the event loops, as a store across the network needs.
    var readsOffLoop: Bool { sharedReader != nil }

    /// What belongs to the loop serving `request`.
    func local(for request: HTTPRequest) -> LoopLocal {
        guard let local = perLoop[ObjectIdentifier(request.eventLoop)] else {
            preconditionFailure("a request on an event loop outside the server's group")
        }
        return local.value
    }

    /// The reader for `request`: its loop's own, or the shared one.
    func reader(for request: HTTPRequest) -> any RequestReading {
        sharedReader?.reader ?? local(for: request).reader
    }
}

/// The parts of the request path that belong to one event loop and are used only on it.
struct LoopLocal {
    let reader: any RequestReading
    let commits: LoopCommitQueue
}

/// A reader of a store whose reads wait on the network: those readers are safe to share
/// between threads (see `Store.requestReadsWait`).
private final class SharedReader: @unchecked Sendable {
    let reader: any RequestReading

    init(_ reader: any RequestReading) {
        self.reader = reader
    }
}

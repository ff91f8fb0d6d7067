import Foundation

/// Collects log lines and writes them out in batches, from a thread of its own: a write(2)
/// per request would cost an event loop more than formatting the line does. A line reaches
/// the file within `delay` of being logged; `flush()` (at shutdown) writes what is left.
/// A process killed outright loses at most that last `delay` of lines.
public final class BufferedLineWriter: @unchecked Sendable {
    public static let standardError = BufferedLineWriter(fileDescriptor: STDERR_FILENO)

    private let fileDescriptor: Int32
    private let delay: TimeInterval
    // `pending` is guarded by `condition`; `writing` keeps batches in order.
    private let condition = NSCondition()
    private var pending: [UInt8] = []
    private let writing = NSLock()

    public init(fileDescriptor: Int32, delay: TimeInterval = 0.005) {
        self.fileDescriptor = fileDescriptor
        self.delay = delay
        let thread = Thread { [unowned self] in self.run() }
        thread.name = "oauth2-log-writer"
        thread.start()
    }

    public func append(_ line: String) {
        condition.lock()
        let wasEmpty = pending.isEmpty
        pending.append(contentsOf: line.utf8)
        pending.append(UInt8(ascii: "\n"))
        if wasEmpty { condition.signal() }
        condition.unlock()
    }

    /// Writes every line appended so far before returning.
    public func flush() {
        writing.lock()
        defer { writing.unlock() }
        condition.lock()
        let batch = pending
        pending.removeAll(keepingCapacity: true)
        condition.unlock()
        write(batch)
    }

    /// Sleeps until there is a line, lets `delay` gather more, writes them all; never wakes
    /// while nothing is logged.
    private func run() {
        while true {
            condition.lock()
            while pending.isEmpty { condition.wait() }
            condition.unlock()
            Thread.sleep(forTimeInterval: delay)
            flush()
        }
    }

    private func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(fileDescriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0 && errno == EINTR {
                    continue
                } else {
                    return  // nowhere to log that logging failed
                }
            }
        }
    }
}

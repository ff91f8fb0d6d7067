import FuzzSupport

/// One input is every byte a client sends on one connection before it shuts its sending
/// side; what it gets back must keep the rules of `Exchange`.
runLibFuzzer { data, size in
    let exchange = RequestHarness.shared.serve(Array(UnsafeBufferPointer(start: data, count: size)))
    if let violation = exchange.violation {
        fatalError("\(violation)\n--- answered ---\n\(String(decoding: exchange.written, as: UTF8.self))")
    }
    return 0
}

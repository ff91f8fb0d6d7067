import CLibFuzzer
import Glibc

public typealias FuzzTest = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

/// Hands the process to libFuzzer, which calls `test` with each input (and reads its
/// options from the command line). A fuzz target's `main.swift` does only this: SwiftPM
/// makes that file's code the program's `main`, in place of the one libFuzzer's runtime
/// brings. `test` returns 0; a finding crashes.
public func runLibFuzzer(_ test: FuzzTest) -> Never {
    registeredTest = test
    var argc = CommandLine.argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
    exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzOneInput))
}

/// Set once, before libFuzzer starts, which then reads it from its one thread.
nonisolated(unsafe) private var registeredTest: FuzzTest?

/// The entry point libFuzzer's runtime requires by name (its own `main`, unused here, calls
/// it): the registered test.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    registeredTest!(data, size)
}

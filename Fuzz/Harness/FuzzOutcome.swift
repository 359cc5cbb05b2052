/// What a harness did with one input. Harnesses never trap: a trap (or an
/// AddressSanitizer report) is the bug the fuzzer looks for, and the replay
/// tests feed the same inputs through the same harnesses without libFuzzer.
enum FuzzOutcome: Equatable, Sendable {
    /// The parser accepted the input and every follow-up step ran.
    case accepted
    /// The parser refused the input with its typed error (or nil).
    case rejected
}

extension Array where Element == UInt8 {
    /// Copies the buffer libFuzzer hands to `LLVMFuzzerTestOneInput`
    /// (a null pointer when the size is 0).
    init(fuzzData data: UnsafePointer<UInt8>?, count: Int) {
        guard let data, count > 0 else { self = []; return }
        self = Array(UnsafeBufferPointer(start: data, count: count))
    }
}

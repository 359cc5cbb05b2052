// libFuzzer entry point for the STUN parser; built by scripts/fuzz.sh.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    _ = STUNHarness.run([UInt8](fuzzData: data, count: size))
    return 0
}

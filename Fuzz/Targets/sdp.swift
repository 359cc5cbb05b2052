// libFuzzer entry point for the SDP parser; built by scripts/fuzz.sh.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    _ = SDPHarness.run([UInt8](fuzzData: data, count: size))
    return 0
}

// libFuzzer entry point for the dialplan loader and executor; built by scripts/fuzz.sh.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    _ = DialplanHarness.run([UInt8](fuzzData: data, count: size))
    return 0
}

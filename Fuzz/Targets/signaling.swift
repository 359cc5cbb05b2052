// libFuzzer entry point for the browser signaling decoder; built by scripts/fuzz.sh.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    _ = SignalingHarness.run([UInt8](fuzzData: data, count: size))
    return 0
}

// libFuzzer entry point for the RTCP compound parser; built by scripts/fuzz.sh.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    _ = RTCPHarness.run([UInt8](fuzzData: data, count: size))
    return 0
}

// libFuzzer entry point for the RTP header parser; built by scripts/fuzz.sh.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    _ = RTPHarness.run([UInt8](fuzzData: data, count: size))
    return 0
}

// libFuzzer entry point for the WAV prompt reader; built by scripts/fuzz.sh.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    _ = WAVHarness.run([UInt8](fuzzData: data, count: size))
    return 0
}

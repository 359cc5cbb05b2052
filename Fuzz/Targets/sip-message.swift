// libFuzzer entry point for the SIP message parser, stream framer and transaction layer; built by scripts/fuzz.sh.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    _ = SIPMessageHarness.run([UInt8](fuzzData: data, count: size))
    return 0
}

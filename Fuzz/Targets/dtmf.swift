// libFuzzer entry point for received DTMF (SIP INFO bodies, RFC 4733 payloads); built by scripts/fuzz.sh.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    _ = DTMFHarness.run([UInt8](fuzzData: data, count: size))
    return 0
}

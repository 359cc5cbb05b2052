import Testing
@testable import RTP

@Test func placeholderRTP() { #expect(Bool(true)) }

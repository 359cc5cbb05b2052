import Testing
@testable import WebRTC

@Test func placeholderWebRTC() { #expect(Bool(true)) }

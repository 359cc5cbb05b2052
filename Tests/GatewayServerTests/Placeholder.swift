import Testing
@testable import GatewayServer

@Test func placeholderGatewayServer() { #expect(Bool(true)) }

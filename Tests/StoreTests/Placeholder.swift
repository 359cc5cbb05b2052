import Testing
@testable import Store

@Test func placeholderStore() { #expect(Bool(true)) }

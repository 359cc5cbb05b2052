import Testing
@testable import Config

/// `http.allowed_origins`: origins as browsers send them, or `*`.
@Suite struct AllowedOriginsConfigTests {
    @Test func noneByDefaultAndListedOnesKept() throws {
        #expect(try GatewayConfig.parse(yaml: minimalYAML, source: testSource).http.allowedOrigins.isEmpty)
        let listed = try GatewayConfig.parse(yaml: minimalYAML + """
            http:
              allowed_origins: ["https://Shop.Example.com", "http://localhost:3000", "*"]

            """, source: testSource)
        #expect(listed.http.allowedOrigins == ["https://shop.example.com", "http://localhost:3000", "*"])
    }

    @Test func aPathASchemeOrAHostAloneIsNamedWithItsIndex() {
        let found = lines(minimalYAML + """
            http:
              allowed_origins: ["https://shop.example.com/cart", "ftp://files.example.com", "shop.example.com"]

            """)
        #expect(found.count == 3)
        #expect(found.allSatisfy { $0.contains("e.g. https://www.example.com") })
        #expect(found[0].contains("http.allowed_origins[0]") && found[0].contains("has a path"))
        #expect(found[1].contains("http.allowed_origins[1]") && found[1].contains("scheme 'ftp'"))
        #expect(found[2].contains("http.allowed_origins[2]") && found[2].contains("is not an origin"))
    }
}

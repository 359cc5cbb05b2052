import Testing
@testable import GatewayServer

/// Which pages may use the gateway: its own, listed ones, and programs sending no Origin.
@Suite struct WebOriginsTests {
    @Test func ownPagesAndProgramsAlwaysListedSitesOnly() {
        let origins = WebOrigins(["https://shop.example.com"])
        #expect(origins.allows(origin: nil, host: "gw.example.com:8443"))
        #expect(origins.allows(origin: "https://gw.example.com:8443", host: "GW.example.com:8443"))
        #expect(origins.allows(origin: "https://shop.example.com", host: "gw.example.com:8443"))
        #expect(origins.allows(origin: "HTTPS://SHOP.EXAMPLE.COM", host: "gw.example.com:8443"))
        #expect(!origins.allows(origin: "https://evil.example.com", host: "gw.example.com:8443"))
        // Another port of the same host is another origin (RFC 6454 §4).
        #expect(!origins.allows(origin: "https://gw.example.com:9999", host: "gw.example.com:8443"))
        #expect(!origins.allows(origin: "null", host: "gw.example.com:8443"))
        #expect(WebOrigins(["*"]).allows(origin: "https://anyone.example", host: "gw.example.com"))
    }

    @Test func theCORSHeaderGoesOnlyToAnotherAllowedSite() {
        let origins = WebOrigins(["https://shop.example.com"])
        #expect(origins.allowOriginHeader(origin: "https://shop.example.com", host: "gw:8080") == "https://shop.example.com")
        #expect(origins.allowOriginHeader(origin: "http://gw:8080", host: "gw:8080") == nil)
        #expect(origins.allowOriginHeader(origin: "https://evil.example.com", host: "gw:8080") == nil)
        #expect(origins.allowOriginHeader(origin: nil, host: "gw:8080") == nil)
    }
}

import Config
import CoreTypes
import Foundation
import Testing
@testable import GatewayServer

/// The socket-free pieces of the SIP transport layer: choosing the transport of an
/// outgoing message, addresses seen through dual-stack sockets, TLS names and files.
@Suite struct SIPTransportPiecesTests {
    func message(_ lines: [String]) -> [UInt8] {
        Array((lines.joined(separator: "\r\n") + "\r\n\r\n").utf8)
    }

    @Test(arguments: [
        ("Via: SIP/2.0/TCP 192.0.2.1:5060;branch=z9hG4bK1", SIPTransport.tcp),
        ("Via: SIP/2.0/UDP 192.0.2.1;rport", .udp),
        ("via:SIP/2.0/tls gw.example.org;branch=z9hG4bK2", .tls),
        ("v: SIP / 2.0 / TCP [2001:db8::1]:5060", .tcp),
        ("Via: SIP/2.0/TLS a.example, SIP/2.0/UDP b.example", .tls),
    ])
    func transportComesFromTheTopVia(via: String, expected: SIPTransport) {
        let request = message(["INVITE sip:1@example.org SIP/2.0", "Max-Forwards: 70", via,
                               "Via: SIP/2.0/UDP other.example", "Content-Length: 0"])
        #expect(SIPOutgoingTransport.of(request) == expected)
        let response = message(["SIP/2.0 200 OK", via, "Content-Length: 0"])
        #expect(SIPOutgoingTransport.of(response) == expected)
    }

    @Test func noUsableViaMeansNoTransport() {
        #expect(SIPOutgoingTransport.of(message(["OPTIONS sip:a@b SIP/2.0", "Content-Length: 0"])) == nil)
        #expect(SIPOutgoingTransport.of(message(["OPTIONS sip:a@b SIP/2.0", "Via: SIP/2.0/SCTP h"])) == nil)
        // A Via in the body is not a header.
        let bodyOnly = Array("OPTIONS sip:a@b SIP/2.0\r\nContent-Length: 26\r\n\r\nVia: SIP/2.0/TCP x.example".utf8)
        #expect(SIPOutgoingTransport.of(bodyOnly) == nil)
        // The start line is never read as a header.
        #expect(SIPOutgoingTransport.of(Array("Via: SIP/2.0/TCP x\r\n\r\n".utf8)) == nil)
        #expect(SIPOutgoingTransport.of([]) == nil)
    }

    @Test func ipv4MappedAddressesAreSeenAsIPv4() {
        #expect(Endpoint(host: "::ffff:192.0.2.7", port: 5060).unmappingIPv4 == Endpoint(host: "192.0.2.7", port: 5060))
        #expect(Endpoint(host: "::FFFF:127.0.0.1", port: 1).unmappingIPv4 == Endpoint(host: "127.0.0.1", port: 1))
        #expect(Endpoint(host: "::1", port: 5060).unmappingIPv4 == Endpoint(host: "::1", port: 5060))
        #expect(Endpoint(host: "::ffff:1", port: 5060).unmappingIPv4 == Endpoint(host: "::ffff:1", port: 5060))
    }

    @Test func addressesAreResolvedForTheSocketFamily() throws {
        let plain = AddressResolver()
        #expect(plain.resolve(Endpoint(host: "192.0.2.7", port: 5060))?.ipAddress == "192.0.2.7")
        #expect(plain.resolve(Endpoint(host: "[2001:db8::1]", port: 5060))?.port == 5060)
        // An IPv6 socket reaches an IPv4 peer through its mapped address (RFC 4291 §2.5.5.2).
        let dualStack = AddressResolver(mapsIPv4: true)
        let mapped = try #require(dualStack.resolve(Endpoint(host: "192.0.2.7", port: 5070)))
        #expect(mapped.protocol == .inet6)
        #expect(mapped.port == 5070)
        #expect(dualStack.resolve(Endpoint(host: "2001:db8::1", port: 5060))?.protocol == .inet6)
    }

    @Test(arguments: [
        ("carrier.example.net", "carrier.example.net"), ("192.0.2.1", nil), ("2001:db8::1", nil), ("localhost", "localhost"),
    ])
    func tlsNamesOnlyHostNames(host: String, expected: String?) {
        // RFC 6066 §3: no IP literal in SNI; an IP literal is checked against the certificate's IP entries.
        #expect(SIPTLSContexts.serverHostname(for: Endpoint(host: host, port: 5061)) == expected)
    }

    @Test func missingOrUnusableFilesNameTheKey() throws {
        var sip = SIPConfig(listenTLS: Endpoint(host: "127.0.0.1", port: 5061),
                            tlsCertificate: "/nonexistent/sip.crt", tlsPrivateKey: "/nonexistent/sip.key")
        #expect(startupMessage { _ = try SIPTLSContexts.load(sip: sip, trunks: []) }
            == "sip.tls_certificate: '/nonexistent/sip.crt' does not exist; check the path in the configuration")

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sip-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let notPEM = folder.appendingPathComponent("not.pem").path
        try Data("not a certificate".utf8).write(to: URL(fileURLWithPath: notPEM))
        sip.tlsCertificate = notPEM
        sip.tlsPrivateKey = notPEM
        #expect(startupMessage { _ = try SIPTLSContexts.load(sip: sip, trunks: []) }?
            .hasPrefix("sip.tls_certificate: '\(notPEM)' holds no PEM certificate") == true)

        let trunk = TrunkConfig(name: "t", address: Endpoint(host: "192.0.2.1", port: 5061), transport: .tls,
                                tlsCAFile: folder.path)
        #expect(startupMessage { _ = try SIPTLSContexts.load(sip: SIPConfig(), trunks: [trunk]) }
            == "trunks[0].tls_ca_file: '\(folder.path)' is not a readable file; check its permissions")
    }

    @Test func tlsFailuresKeepTheOpenSSLReason() {
        #expect(TLSFailureText.reason(
            in: "error:1000007d:SSL routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED at /x/handshake.cc:320")
            == "CERTIFICATE_VERIFY_FAILED")
        #expect(TLSFailureText.reason(in: "plain") == "plain")
        struct Other: Error {}
        #expect(TLSFailureText.describe(Other()) == "Other()")
    }

    @Test func withoutTLSThereIsNoContext() throws {
        let contexts = try SIPTLSContexts.load(sip: SIPConfig(), trunks: [])
        #expect(contexts.server == nil)
        #expect(contexts.client(for: Endpoint(host: "192.0.2.1", port: 5061)) == nil)
    }

    private func startupMessage(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch {
            return (error as? StartupError)?.description ?? "\(error)"
        }
    }
}

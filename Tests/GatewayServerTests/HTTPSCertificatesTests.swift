import Config
import CoreTypes
import Foundation
import Testing
import X509
@testable import GatewayServer

@Suite struct HTTPSCertificatesTests {
    let now = Date(timeIntervalSince1970: 1_795_341_600)

    func temporaryDirectory() -> String {
        let path = NSTemporaryDirectory() + "https-test-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func theSelfSignedCertificateNamesLocalhostAndTheGatewaysAddresses() throws {
        let made = try HTTPSCertificates.make(names: ["192.0.2.10", "gateway.example.com", "0.0.0.0"], now: now)
        let certificate = try Certificate(pemEncoded: made.certificate)
        let names = try #require(try certificate.extensions.subjectAlternativeNames)
        #expect(names.contains(.dnsName("localhost")))
        #expect(names.contains(.dnsName("gateway.example.com")))
        #expect(names.count == 5)   // localhost, 127.0.0.1, ::1, 192.0.2.10, gateway.example.com
        #expect(certificate.notValidAfter == now.addingTimeInterval(365 * 86400))
        #expect(certificate.issuer == certificate.subject)
        #expect(made.key.hasPrefix("-----BEGIN PRIVATE KEY-----"))
    }

    @Test func theSelfSignedPairIsKeptAndRenewedBeforeItExpires() throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = try HTTPSCertificates.selfSigned(in: directory, names: ["192.0.2.10"], now: now)
        let again = try HTTPSCertificates.selfSigned(in: directory, names: ["192.0.2.10"], now: now.addingTimeInterval(86400))
        #expect(again.certificate == first.certificate)
        let keyMode = try FileManager.default.attributesOfItem(atPath: directory + "/https-self-signed.key")[.posixPermissions] as? Int
        #expect(keyMode == 0o600)
        // A new address the certificate does not name, or a week before expiry: a new one.
        let moved = try HTTPSCertificates.selfSigned(in: directory, names: ["192.0.2.99"], now: now.addingTimeInterval(86400))
        #expect(moved.certificate != first.certificate)
        let late = try HTTPSCertificates.selfSigned(in: directory, names: ["192.0.2.99"], now: now.addingTimeInterval(360 * 86400))
        #expect(late.certificate != moved.certificate)
    }

    @Test func plainHTTPWithoutTLSKeysAndAClearErrorForAMissingFile() throws {
        #expect(try HTTPSCertificates.tlsConfiguration(HTTPConfig(), publicAddress: "127.0.0.1", storeDirectory: ".") == nil)
        var http = HTTPConfig()
        http.tlsCertificate = "/nonexistent/cert.pem"
        http.tlsPrivateKey = "/nonexistent/key.pem"
        #expect(throws: StartupError.self) {
            _ = try HTTPSCertificates.tlsConfiguration(http, publicAddress: "127.0.0.1", storeDirectory: ".")
        }
        http = HTTPConfig()
        http.tlsSelfSigned = true
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(try HTTPSCertificates.tlsConfiguration(http, publicAddress: "127.0.0.1", storeDirectory: directory) != nil)
    }
}

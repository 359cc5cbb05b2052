import Testing
@testable import Config

@Suite struct HTTPTLSConfigTests {
    @Test func plainHTTPByDefault() throws {
        let config = try GatewayConfig.parse(yaml: minimalYAML, source: testSource)
        #expect(!config.http.usesTLS)
        #expect(config.http.tlsCertificate == nil && config.http.tlsPrivateKey == nil && !config.http.tlsSelfSigned)
    }

    @Test func filesOrSelfSigned() throws {
        let files = try GatewayConfig.parse(yaml: minimalYAML + """
            http:
              tls_certificate: /etc/gw/cert.pem
              tls_private_key: /etc/gw/key.pem

            """, source: testSource)
        #expect(files.http.tlsCertificate == "/etc/gw/cert.pem" && files.http.tlsPrivateKey == "/etc/gw/key.pem")
        #expect(files.http.usesTLS)
        let selfSigned = try GatewayConfig.parse(yaml: minimalYAML + "http:\n  tls_self_signed: true\n", source: testSource)
        #expect(selfSigned.http.tlsSelfSigned && selfSigned.http.usesTLS)
    }

    @Test func aCertificateWithoutItsKeyAndTheOtherWayRound() {
        #expect(lines(minimalYAML + "http:\n  tls_certificate: /etc/gw/cert.pem\n") == [
            "test.yaml:4:20: http.tls_private_key: tls_certificate is set but tls_private_key is missing; "
                + "add 'tls_private_key: /path/to/key.pem' under 'http'",
        ])
        #expect(lines(minimalYAML + "http:\n  tls_private_key: /etc/gw/key.pem\n") == [
            "test.yaml:4:20: http.tls_certificate: tls_private_key is set but tls_certificate is missing; "
                + "add 'tls_certificate: /path/to/cert.pem' under 'http'",
        ])
    }

    @Test func filesAndSelfSignedTogether() {
        let found = lines(minimalYAML + """
            http:
              tls_certificate: /etc/gw/cert.pem
              tls_private_key: /etc/gw/key.pem
              tls_self_signed: true

            """)
        #expect(found == [
            "test.yaml:6:20: http.tls_self_signed: is true, but tls_certificate and tls_private_key are set too; "
                + "remove tls_self_signed to use those files, or remove them to use a self-signed certificate",
        ])
    }

    @Test func selfSignedMustBeABoolean() {
        #expect(findings(minimalYAML + "http:\n  tls_self_signed: maybe\n").map(\.keyPath) == ["http.tls_self_signed"])
    }
}

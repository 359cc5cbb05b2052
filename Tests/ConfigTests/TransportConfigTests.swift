import CoreTypes
import Testing
@testable import Config

/// `sip.listen_tcp`, `sip.listen_tls` and its certificate, and the per-trunk
/// `transport`, `tls_verify`, `tls_ca_file` and `outbound_proxy`.
@Suite struct TransportConfigTests {
    let tlsListener = """
    sip:
      listen_tcp: "0.0.0.0:5060"
      listen_tls: "[::]:5061"
      tls_certificate: /etc/gateway/sip.crt
      tls_private_key: /etc/gateway/sip.key
      connection_idle_timeout_s: 60

    """

    @Test func defaultsListenOnUDPOnly() throws {
        let config = try GatewayConfig.parse(yaml: minimalYAML, source: testSource)
        #expect(config.sip.listenTCP == nil && config.sip.listenTLS == nil)
        #expect(config.sip.tlsCertificate == nil && config.sip.tlsPrivateKey == nil)
        #expect(config.sip.connectionIdleTimeout == .seconds(300))
        #expect(config.sip.listenAddress(for: .udp) == Endpoint(host: "0.0.0.0", port: 5060))
        #expect(config.sip.listenAddress(for: .tcp) == nil)
    }

    @Test func listenersAndCertificateAreRead() throws {
        let config = try GatewayConfig.parse(yaml: minimalYAML + tlsListener, source: testSource)
        #expect(config.sip.listenTCP == Endpoint(host: "0.0.0.0", port: 5060))
        #expect(config.sip.listenTLS == Endpoint(host: "::", port: 5061))
        #expect(config.sip.tlsCertificate == "/etc/gateway/sip.crt")
        #expect(config.sip.tlsPrivateKey == "/etc/gateway/sip.key")
        #expect(config.sip.connectionIdleTimeout == .seconds(60))
        #expect(config.sip.listenAddress(for: .tls) == Endpoint(host: "::", port: 5061))
    }

    @Test func trunkTransportsAndTheirDefaultPorts() throws {
        let yaml = minimalYAML + tlsListener + """
        calls: {default_trunk: a}
        trunks:
          - {name: a, address: "carrier.example", transport: TLS, tls_ca_file: /etc/gateway/ca.pem}
          - {name: b, address: "192.0.2.7", transport: tcp, outbound_proxy: "proxy.example"}
          - {name: c, address: "[2001:db8::1]", transport: tls, tls_verify: false, outbound_proxy: "[2001:db8::2]"}
          - {name: d, address: "192.0.2.8:5070", outbound_proxy: "192.0.2.9:5080"}
        """
        let trunks = try GatewayConfig.parse(yaml: yaml, source: testSource).trunks
        // RFC 3261 §19.1.2: TLS defaults to 5061, UDP and TCP to 5060.
        #expect(trunks[0] == TrunkConfig(name: "a", address: Endpoint(host: "carrier.example", port: 5061),
                                         transport: .tls, tlsVerify: true, tlsCAFile: "/etc/gateway/ca.pem"))
        #expect(trunks[1].transport == .tcp && trunks[1].address.port == 5060)
        #expect(trunks[1].outboundProxy == Endpoint(host: "proxy.example", port: 5060))
        #expect(trunks[1].nextHop == Endpoint(host: "proxy.example", port: 5060))
        #expect(trunks[2].tlsVerify == false)
        #expect(trunks[2].outboundProxy == Endpoint(host: "2001:db8::2", port: 5061))
        #expect(trunks[3].transport == .udp && trunks[3].nextHop == Endpoint(host: "192.0.2.9", port: 5080))
        #expect(trunks[3].address == Endpoint(host: "192.0.2.8", port: 5070))
    }

    @Test(arguments: [
        // A TLS listener needs both files.
        ("sip:\n  listen_tls: \"0.0.0.0:5061\"\n  tls_certificate: /c.pem\n",
         ["test.yaml:4:15: sip.tls_private_key: listen_tls is set but tls_private_key is missing; add 'tls_private_key: /path/to/key.pem' under 'sip'"]),
        ("sip:\n  listen_tls: \"0.0.0.0:5061\"\n",
         ["test.yaml:4:15: sip.tls_certificate: listen_tls is set but tls_certificate is missing; add 'tls_certificate: /path/to/cert.pem' under 'sip'",
          "test.yaml:4:15: sip.tls_private_key: listen_tls is set but tls_private_key is missing; add 'tls_private_key: /path/to/key.pem' under 'sip'"]),
        // The files mean nothing without a TLS listener.
        ("sip:\n  tls_certificate: /c.pem\n",
         ["test.yaml:4:20: sip.tls_certificate: is used only by the TLS listener; add 'listen_tls: \"0.0.0.0:5061\"' under 'sip' or remove this key"]),
        // TCP and TLS are both TCP sockets: one port each.
        ("sip:\n  listen_tcp: \"0.0.0.0:5070\"\n  listen_tls: \"127.0.0.1:5070\"\n  tls_certificate: /c\n  tls_private_key: /k\n",
         ["test.yaml:5:15: sip.listen_tls: uses the same TCP port as listen_tcp (5070); give TLS its own port, e.g. 5061"]),
        ("sip:\n  listen_tcp: \"localhost:5060\"\n",
         ["test.yaml:4:15: sip.listen_tcp: 'localhost' is not an IP address; use an IP literal such as 0.0.0.0 (every interface) or 127.0.0.1 (this machine only)"]),
        ("sip:\n  connection_idle_timeout_s: 5\n",
         ["test.yaml:4:30: sip.connection_idle_timeout_s: 5 is out of range; use a number from 10 to 86400"]),
    ])
    func listenerMistakes(extra: String, expected: [String]) {
        #expect(lines(minimalYAML + extra) == expected)
    }

    @Test(arguments: [
        // The Contact names the listener of the trunk's transport, so it must exist.
        ("{name: t, address: 192.0.2.1, transport: tcp}",
         "test.yaml:5:46: trunks[0].transport: tcp needs sip.listen_tcp: the Contact sent to the trunk names that listener; add 'listen_tcp: \"0.0.0.0:5060\"' under 'sip'"),
        ("{name: t, address: 192.0.2.1, transport: tls}",
         "test.yaml:5:46: trunks[0].transport: tls needs sip.listen_tls: the Contact sent to the trunk names that listener; add 'listen_tls: \"0.0.0.0:5061\" with tls_certificate and tls_private_key' under 'sip'"),
        ("{name: t, address: 192.0.2.1, transport: sctp}",
         "test.yaml:5:46: trunks[0].transport: unknown value 'sctp'; allowed values: udp, tcp, tls"),
        ("{name: t, address: 192.0.2.1, tls_verify: false}",
         "test.yaml:5:47: trunks[0].tls_verify: is used only with transport: tls; set 'transport: tls' under 'trunks[0]' or remove this key"),
        ("{name: t, address: 192.0.2.1, tls_ca_file: /ca.pem}",
         "test.yaml:5:48: trunks[0].tls_ca_file: is used only with transport: tls; set 'transport: tls' under 'trunks[0]' or remove this key"),
        ("{name: t, address: 192.0.2.1, tls_verify: \"yes\"}",
         "test.yaml:5:47: trunks[0].tls_verify: expected true or false, got 'yes'; write true or false without quotes"),
        ("{name: t, address: 192.0.2.1, outbound_proxy: \"[::1\"}",
         "test.yaml:5:51: trunks[0].outbound_proxy: '[::1' has '[' without ']'; write IPv6 addresses as [::1]:5060"),
    ])
    func trunkMistakes(trunk: String, expected: String) {
        let yaml = minimalYAML + "calls: {default_trunk: t}\ntrunks:\n  - " + trunk + "\n"
        #expect(lines(yaml) == [expected])
    }

    @Test func descriptionNamesTheTransportSettings() {
        let trunk = TrunkConfig(name: "t", address: Endpoint(host: "192.0.2.1", port: 5061), transport: .tls,
                                tlsVerify: false, outboundProxy: Endpoint(host: "::1", port: 5061))
        #expect(trunk.description.contains("transport: tls, tlsVerify: false, tlsCAFile: nil, outboundProxy: [::1]:5061"))
    }
}

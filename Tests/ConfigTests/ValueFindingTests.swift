import Testing
@testable import Config

/// Values of the right type that are still wrong: ranges, addresses, unsupported words.
@Suite struct ValueFindingTests {
    @Test(arguments: [
        ("http:\n  listen: \"0.0.0.0:70000\"\n", "test.yaml:4:11: http.listen: port '70000' in '0.0.0.0:70000' is not between 1 and 65535; use a port from 1 to 65535"),
        ("http:\n  listen: \"0.0.0.0:0\"\n", "test.yaml:4:11: http.listen: port '0' in '0.0.0.0:0' is not between 1 and 65535; use a port from 1 to 65535"),
        ("http:\n  listen: 0.0.0.0\n", "test.yaml:4:11: http.listen: '0.0.0.0' has no port; write host:port, e.g. 0.0.0.0:8080"),
        ("sip:\n  listen: \"localhost:5060\"\n", "test.yaml:4:11: sip.listen: 'localhost' is not an IP address; use an IP literal such as 0.0.0.0 (every interface) or 127.0.0.1 (this machine only)"),
        ("sip:\n  listen: \"::1:5060\"\n", "test.yaml:4:11: sip.listen: '::1:5060' looks like an IPv6 address without brackets; write it in brackets with a port, e.g. [::1:5060]:5060"),
        ("sip:\n  transport: tcp\n", "test.yaml:4:14: sip.transport: sip.listen is always UDP; 'tcp' listens on its own address; set transport: udp and add 'listen_tcp: \"0.0.0.0:5060\"'"),
        ("sip:\n  transport: tls\n", "test.yaml:4:14: sip.transport: sip.listen is always UDP; 'tls' listens on its own address; set transport: udp and add 'listen_tls: \"0.0.0.0:5061\"'"),
        ("sip:\n  timer_t1_ms: 50\n", "test.yaml:4:16: sip.timer_t1_ms: 50 is out of range; use a number from 100 to 5000"),
        ("sip:\n  timer_t1_ms: 99999999999999999999999\n", "test.yaml:4:16: sip.timer_t1_ms: 99999999999999999999999 is out of range; use a number from 100 to 5000"),
        ("sip:\n  public_address: \"gw.example.net:5060\"\n", "test.yaml:4:19: sip.public_address: 'gw.example.net:5060' must not contain a port; write only the host, e.g. sip.example.net"),
        ("sip:\n  user_agent: \"\"\n", "test.yaml:4:15: sip.user_agent: must not be empty; use printable ASCII without line breaks, e.g. WebRTC-Gateway"),
        ("calls:\n  answer_timeout_s: 3\n", "test.yaml:4:21: calls.answer_timeout_s: 3 is out of range; use a number from 5 to 600"),
        ("calls:\n  disconnect_interval: 5\n", "test.yaml:4:24: calls.disconnect_interval: 5 is out of range; use a number from 10 to 600"),
        ("calls:\n  disconnect_interval: 601\n", "test.yaml:4:24: calls.disconnect_interval: 601 is out of range; use a number from 10 to 600"),
        ("webrtc:\n  consent_timeout_s: 2\n", "test.yaml:4:22: webrtc.consent_timeout_s: 2 is out of range; use a number from 6 to 60"),
        ("calls:\n  echo_test_number: \"echo\"\n", "test.yaml:4:21: calls.echo_test_number: 'echo' contains 'e'; use digits, '*', '#' and '+' (quote it: \"*43\"), or \"\" to disable"),
    ])
    func rejectedValues(extra: String, expected: String) {
        #expect(lines(minimalYAML + extra) == [expected])
    }

    @Test(arguments: [
        ("0.0.0.0", "'0.0.0.0' cannot be sent to; write the address peers reach this machine at, e.g. 203.0.113.10"),
        ("300.1.2.3", "'300.1.2.3' is not an IP address; write an IPv4 or IPv6 literal such as 203.0.113.10, without a port"),
        ("gw.example.net", "'gw.example.net' is not an IP address; write an IPv4 or IPv6 literal such as 203.0.113.10, without a port"),
        ("\"192.0.2.1:5060\"", "'192.0.2.1:5060' is not an IP address; write an IPv4 or IPv6 literal such as 203.0.113.10, without a port"),
    ])
    func badMediaPublicAddress(value: String, message: String) {
        #expect(lines("media:\n  public_address: \(value)\n") == ["test.yaml:2:19: media.public_address: " + message])
    }

    @Test(arguments: [
        ("sip..example.net", "'sip..example.net' is not a valid host name; use letters, digits, '-' and '.', e.g. sip.example.net"),
        ("10.0.0.256:5060", "'10.0.0.256' is not a valid IPv4 address; each of the four parts must be 0–255"),
        ("\"[2001:db8::1\"", "'[2001:db8::1' has '[' without ']'; write IPv6 addresses as [::1]:5060"),
        ("\"[sip.example.net]:5060\"", "'sip.example.net' is not an IPv6 address; only IPv6 addresses go in brackets"),
        ("\"sip.example.net:\"", "port '' in 'sip.example.net:' is not between 1 and 65535; use a port from 1 to 65535"),
        ("\"sip_example.net\"", "'sip_example.net' is not a valid host name; use letters, digits, '-' and '.', e.g. sip.example.net"),
    ])
    func badTrunkAddress(value: String, message: String) {
        let yaml = minimalYAML + """
        calls: {default_trunk: t}
        trunks:
          - name: t
            address: \(value)
        """
        #expect(lines(yaml) == ["test.yaml:6:14: trunks[0].address: " + message])
    }

    @Test func rtpRangeMistakes() {
        let odd = "media:\n  public_address: 192.0.2.1\n  rtp_port_min: 20001\n"
        #expect(lines(odd) == ["test.yaml:3:17: media.rtp_port_min: 20001 is odd; RTP ports start even; use 20000 or 20002"])

        let inverted = "media:\n  public_address: 192.0.2.1\n  rtp_port_min: 30000\n  rtp_port_max: 20000\n"
        #expect(lines(inverted) == ["test.yaml:4:17: media.rtp_port_max: must be greater than rtp_port_min (30000); e.g. rtp_port_max: 39999"])

        let small = "media:\n  public_address: 192.0.2.1\n  rtp_port_min: 30000\n  rtp_port_max: 30008\n"
        #expect(lines(small) == ["test.yaml:4:17: media.rtp_port_max: the range 30000–30008 has 9 ports; at least 10 are needed; raise rtp_port_max to 30009 or more"])

        let outOfRange = "media:\n  public_address: 192.0.2.1\n  rtp_port_max: 70000\n"
        #expect(lines(outOfRange) == ["test.yaml:3:17: media.rtp_port_max: 70000 is out of range; use a number from 1 to 65535"])

        let exactlyTen = "media:\n  public_address: 192.0.2.1\n  rtp_port_min: 30000\n  rtp_port_max: 30009\n"
        #expect(lines(exactlyTen) == [])
    }

    @Test func codecMistakes() {
        let yaml = minimalYAML + """
        calls: {default_trunk: a}
        trunks:
          - name: a
            address: 192.0.2.20
            codecs: [pcmu, g722, pcmu, g729]
          - name: b
            address: 192.0.2.21
            codecs: []
          - name: c
            address: 192.0.2.22
            codecs: pcma
        """
        #expect(lines(yaml) == [
            "test.yaml:7:26: trunks[0].codecs[2]: 'pcmu' is listed twice; remove the repeat",
            "test.yaml:7:32: trunks[0].codecs[3]: unknown value 'g729'; did you mean 'g722'?",
            "test.yaml:10:13: trunks[1].codecs: needs at least one codec; e.g. codecs: [pcmu, pcma]",
            "test.yaml:13:13: trunks[2].codecs: expected a list, got the value 'pcma'; write a list, e.g. [pcmu, pcma]",
        ])
    }

    @Test(arguments: [("rfc4733", DTMFMode.rfc4733), ("info", .info), ("inband", .inband), ("auto", .auto),
                      ("INFO", .info), ("Auto", .auto)])
    func everyDTMFModeIsAccepted(word: String, mode: DTMFMode) throws {
        let yaml = minimalYAML + """
        calls: {default_trunk: a}
        trunks:
          - {name: a, address: 192.0.2.20, dtmf: \(word)}
        """
        let config = try GatewayConfig.parse(yaml: yaml, source: testSource)
        #expect(config.trunks[0].dtmf == mode)
    }

    @Test func unknownDTMFModeNamesTheNearestOne() {
        let yaml = minimalYAML + """
        calls: {default_trunk: a}
        trunks:
          - {name: a, address: 192.0.2.20, dtmf: inbnd}
          - {name: b, address: 192.0.2.21, dtmf: sip-info}
        """
        #expect(lines(yaml) == [
            "test.yaml:5:42: trunks[0].dtmf: unknown value 'inbnd'; did you mean 'inband'?",
            "test.yaml:6:42: trunks[1].dtmf: unknown value 'sip-info'; allowed values: rfc4733, info, inband, auto",
        ])
    }

    @Test func credentialsMustComeInPairs() {
        let yaml = minimalYAML + """
        calls: {default_trunk: a}
        trunks:
          - name: a
            address: 192.0.2.20
            username: "1001"
        """
        #expect(lines(yaml) == [
            "test.yaml:7:15: trunks[0].password: username is set but password is missing; add 'password: ...' under 'trunks[0]' or remove 'username'",
        ])
    }

    @Test func iceServerMistakes() {
        let yaml = minimalYAML + """
        webrtc:
          ice_servers:
            - urls: ["stun:ok.example.org", "http://stun.example.org"]
            - urls: "turn:turn.example.org"
              username: bob
            - username: carol
            - urls: []
        """
        #expect(lines(yaml) == [
            "test.yaml:5:37: webrtc.ice_servers[0].urls[1]: 'http://stun.example.org' is not a STUN or TURN URL; start it with stun:, stuns:, turn: or turns:, e.g. stun:stun.example.org:3478",
            "test.yaml:6:13: webrtc.ice_servers[1].credential: TURN servers need a credential; add 'credential: ...' under 'webrtc.ice_servers[1]', or 'secret: ...' for credentials made per browser",
            "test.yaml:8:7: webrtc.ice_servers[2].urls: missing required key; add 'urls: [\"stun:stun.example.org:3478\"]' under 'webrtc.ice_servers[2]'",
            "test.yaml:9:13: webrtc.ice_servers[3].urls: needs at least one URL; e.g. urls: [\"stun:stun.example.org:3478\"]",
        ])
    }
}

/// The keys of the reconnect window and of the dialplan directory.
@Suite struct ReconnectAndDialplanConfigTests {
    @Test func valuesAreRead() throws {
        let config = try GatewayConfig.parse(yaml: minimalYAML + """
            calls:
              disconnect_interval: 45
              disconnect_audio: comfort_noise
            webrtc:
              consent_timeout_s: 20
            dialplans:
              directory: /etc/gw/dialplans
              watch: false
              watch_interval_s: 5
              keep_revisions: 10
            """, source: "test.yaml")
        #expect(config.calls.disconnectInterval == .seconds(45))
        #expect(config.calls.disconnectAudio == .comfortNoise)
        #expect(config.webrtc.consentTimeout == .seconds(20))
        #expect(config.dialplans == DialplansConfig(directory: "/etc/gw/dialplans", watch: false,
                                                    watchInterval: .seconds(5), keepRevisions: 10))
    }

    @Test func wrongWordsAreFindings() {
        let found = lines(minimalYAML + "calls:\n  disconnect_audio: music\n")
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("test.yaml:4:21: calls.disconnect_audio: ") == true)
        #expect(found.first?.contains("comfort_noise") == true)
    }
}

@Suite struct AdminTokenConfigTests {
    @Test func aTokenIsReadAndAShortOneIsAFinding() throws {
        let config = try GatewayConfig.parse(yaml: minimalYAML + "http:\n  admin_token: \"0123456789abcdef0123\"\n", source: "test.yaml")
        #expect(config.http.adminToken == "0123456789abcdef0123")
        #expect(try GatewayConfig.parse(yaml: minimalYAML, source: "test.yaml").http.adminToken == nil)
        let short = lines(minimalYAML + "http:\n  admin_token: \"secret\"\n")
        #expect(short.count == 1)
        #expect(short.first?.hasPrefix("test.yaml:4:16: http.admin_token: is shorter than 16 characters") == true)
    }
}

import CoreTypes
import Testing
@testable import Config

@Suite struct DefaultsTests {
    @Test func onlyTheRequiredKeyGivesEveryDefault() throws {
        let config = try GatewayConfig.parse(yaml: minimalYAML, source: testSource)
        #expect(config == GatewayConfig(media: MediaConfig(publicAddress: "192.0.2.10")))
        #expect(config.http.listen == Endpoint(host: "0.0.0.0", port: 8080))
        #expect(config.sip.listen == Endpoint(host: "0.0.0.0", port: 5060))
        #expect(config.sip.userAgent == "WebRTC-Gateway")
        #expect(config.sip.timerT1 == .milliseconds(500))
        #expect(config.media.bindAddress == "0.0.0.0")
        #expect(config.media.rtpPortMin == 20000 && config.media.rtpPortMax == 29999)
        #expect(config.webrtc.iceServers == [])
        #expect(config.calls.echoTestNumber == "*43")
        #expect(config.calls.defaultTrunk == nil)
        #expect(config.calls.answerTimeout == .seconds(60))
        #expect(config.calls.maxDuration == .seconds(14400))
        #expect(config.calls.disconnectInterval == .seconds(30))
        #expect(config.calls.disconnectAudio == .tone)
        #expect(config.webrtc.consentTimeout == .seconds(15))
        #expect(config.dialplans == DialplansConfig())
        #expect(config.trunks == [])
        #expect(config.store.path == "data/gateway.sqlite")
        #expect(config.log == LogConfig(level: .info, format: .text))
        #expect(config.sipPublicAddress == "192.0.2.10")
    }

    @Test func nullAndEmptySectionsTakeDefaults() throws {
        let yaml = """
        http:
        sip: ~
        media:
          public_address: 192.0.2.10
          bind_address: null
        webrtc: {}
        trunks:
        """
        let config = try GatewayConfig.parse(yaml: yaml, source: testSource)
        #expect(config == GatewayConfig(media: MediaConfig(publicAddress: "192.0.2.10")))
    }

    @Test func trunkDefaults() throws {
        let yaml = """
        media: {public_address: 192.0.2.10}
        calls: {default_trunk: pbx}
        trunks:
          - name: pbx
            address: pbx.example.net
        """
        let config = try GatewayConfig.parse(yaml: yaml, source: testSource)
        let trunk = try #require(config.trunk(named: "pbx"))
        #expect(trunk == TrunkConfig(name: "pbx", address: Endpoint(host: "pbx.example.net", port: 5060)))
        #expect(trunk.transport == .udp && trunk.codecs == [.pcmu, .pcma] && trunk.dtmf == .rfc4733)
        #expect(trunk.domain == "pbx.example.net")
        #expect(config.trunk(named: "other") == nil)
    }

    @Test func everyKeySetExplicitly() throws {
        let yaml = """
        http: {listen: "127.0.0.1:8443"}
        sip:
          listen: "[::]:5080"
          transport: UDP
          public_address: sip.example.org
          user_agent: "Gateway/2"
          timer_t1_ms: 250
        media:
          public_address: "[2001:db8::5]"
          bind_address: "::"
          rtp_port_min: 40000
          rtp_port_max: 40009
        webrtc:
          ice_servers:
            - urls: "stun:stun.example.org"
            - urls: ["turn:turn.example.org:3478?transport=udp", "turns:turn.example.org:5349"]
              username: alice
              credential: s3cret
        calls:
          echo_test_number: ""
          default_trunk: b
          answer_timeout_s: 5
          max_duration_s: 60
        trunks:
          - {name: a, address: "[2001:db8::1]:5062", codecs: [pcma]}
          - name: b
            address: 198.51.100.7
            username: "1001"
            password: "p@ss word"
            from_user: "+15551230000"
            from_domain: carrier.example
            dtmf: RFC4733
        store: {path: /var/lib/gateway/db.sqlite}
        log: {level: debug, format: json}
        """
        let config = try GatewayConfig.parse(yaml: yaml, source: testSource)
        #expect(config.http.listen == Endpoint(host: "127.0.0.1", port: 8443))
        #expect(config.sip == SIPConfig(listen: Endpoint(host: "::", port: 5080), transport: .udp,
                                        publicAddress: "sip.example.org", userAgent: "Gateway/2", timerT1: .milliseconds(250)))
        #expect(config.media == MediaConfig(publicAddress: "2001:db8::5", bindAddress: "::", rtpPortMin: 40000, rtpPortMax: 40009))
        #expect(config.webrtc.iceServers == [
            ICEServer(urls: ["stun:stun.example.org"]),
            ICEServer(urls: ["turn:turn.example.org:3478?transport=udp", "turns:turn.example.org:5349"],
                      username: "alice", credential: "s3cret"),
        ])
        #expect(config.calls == CallsConfig(echoTestNumber: nil, defaultTrunk: "b",
                                            answerTimeout: .seconds(5), maxDuration: .seconds(60)))
        #expect(config.trunks[0] == TrunkConfig(name: "a", address: Endpoint(host: "2001:db8::1", port: 5062), codecs: [.pcma]))
        #expect(config.trunks[0].address.description == "[2001:db8::1]:5062")
        #expect(config.trunks[1] == TrunkConfig(name: "b", address: Endpoint(host: "198.51.100.7", port: 5060),
                                                username: "1001", password: "p@ss word", fromUser: "+15551230000",
                                                fromDomain: "carrier.example"))
        #expect(config.defaultTrunk?.name == "b")
        #expect(config.sipPublicAddress == "sip.example.org")
        #expect(config.store.path == "/var/lib/gateway/db.sqlite")
        #expect(config.log == LogConfig(level: .debug, format: .json))
    }

    @Test func secretsAreNotPrinted() throws {
        let trunk = TrunkConfig(name: "t", address: Endpoint(host: "192.0.2.1", port: 5060), username: "u", password: "hunter2")
        #expect(!trunk.description.contains("hunter2"))
        #expect(trunk.description.contains("<redacted>"))
        let server = ICEServer(urls: ["turn:x"], username: "u", credential: "hunter2")
        #expect(!server.description.contains("hunter2"))
    }
}

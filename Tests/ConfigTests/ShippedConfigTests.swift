import CoreTypes
import Foundation
import Testing
@testable import Config

@Suite struct ShippedConfigTests {
    @Test func shippedFileParsesWithItsDocumentedValues() throws {
        let config = try GatewayConfig.load(path: shippedConfigPath)
        #expect(config.http.listen == Endpoint(host: "0.0.0.0", port: 8080))
        #expect(config.sip.listen == Endpoint(host: "0.0.0.0", port: 5060))
        #expect(config.sip.transport == .udp)
        #expect(config.sip.publicAddress == nil)
        #expect(config.sip.userAgent == "WebRTC-Gateway")
        #expect(config.sip.timerT1 == .milliseconds(500))
        #expect(config.media.publicAddress == "127.0.0.1")
        #expect(config.media.rtpPorts == 20000...29999)
        #expect(config.webrtc.iceServers.isEmpty)
        #expect(config.calls.echoTestNumber == "*43")
        #expect(config.calls.defaultTrunk == "carrier")
        #expect(config.store.path == "data/gateway.sqlite")
        #expect(config.log.level == .info)
        #expect(config.log.format == .text)
    }

    @Test func shippedTrunkIsALocalPhone() throws {
        let config = try GatewayConfig.load(path: shippedConfigPath)
        #expect(config.trunks.count == 1)
        let trunk = try #require(config.trunk(named: "carrier"))
        #expect(trunk.address == Endpoint(host: "127.0.0.1", port: 5070))
        #expect(trunk.codecs == [.pcmu, .pcma])
        #expect(trunk.dtmf == .rfc4733)
        #expect(trunk.username == nil && trunk.password == nil)
        #expect(trunk.domain == "127.0.0.1")
        #expect(config.defaultTrunk == trunk)
        #expect(config.sipPublicAddress == "127.0.0.1")
    }

    @Test func shippedAgentsAreASmallWorkingExample() throws {
        let config = try GatewayConfig.load(path: shippedConfigPath)
        #expect(config.agents == AgentsConfig(
            wrapUp: .seconds(10), ringTimeout: .seconds(20),
            roster: [AgentEntry(identity: "alice", name: "Alice Martin", extension: "201"),
                     AgentEntry(identity: "bob", name: "Bob Chen", extension: "202")],
            groups: [AgentGroupConfig(name: "support", strategy: .ringAll, members: ["alice", "bob"])]))
    }

    @Test func everyShippedKeyIsDocumented() throws {
        // Each key written in the shipped file must have its own heading in the docs.
        let yaml = try String(contentsOfFile: shippedConfigPath, encoding: .utf8)
        let docsPath = URL(fileURLWithPath: shippedConfigPath).deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/configuration.md").path
        let docs = try String(contentsOfFile: docsPath, encoding: .utf8)
        var keys: Set<String> = []
        for line in yaml.split(separator: "\n") {
            let text = line.drop { $0 == " " || $0 == "-" }
            guard !text.hasPrefix("#"), let colon = text.firstIndex(of: ":") else { continue }
            let key = text[..<colon]
            if !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) { keys.insert(String(key)) }
        }
        #expect(keys.count >= 30)
        for key in keys.sorted() {
            #expect(docs.contains("`\(key)`"), "docs/configuration.md does not document `\(key)`")
        }
    }

    @Test func loadingAMissingFileIsOneWholeFileFinding() {
        do {
            _ = try GatewayConfig.load(path: "/nonexistent/gateway.yaml")
            Issue.record("expected an error")
        } catch {
            #expect(error.findings.count == 1)
            #expect(error.findings.first?.line == 0)
            #expect(error.description.hasPrefix("/nonexistent/gateway.yaml: cannot read the file"))
        }
    }

    @Test func loadNamesTheFileInFindings() throws {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("gateway-\(UUID().uuidString).yaml").path
        try "media:\n  public_address: 192.0.2.1\nhttp:\n  lisen: x\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            _ = try GatewayConfig.load(path: path)
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "\(path):4:3: http.lisen: unknown key; did you mean 'listen'?")
        }
    }
}

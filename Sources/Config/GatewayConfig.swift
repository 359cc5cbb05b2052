import CoreTypes
import Foundation
import Yams

/// The whole gateway configuration, parsed and validated (see docs/configuration.md).
///
/// Built by `load(path:)` or `parse(yaml:source:)`, which either return a config that
/// passed every check or throw a `ConfigError` listing every problem found.
public struct GatewayConfig: Sendable, Hashable {
    public var http: HTTPConfig
    public var sip: SIPConfig
    public var media: MediaConfig
    public var webrtc: WebRTCConfig
    /// How web connections prove who they are, and each identity's call limits.
    public var webAuth: WebAuthConfig
    public var calls: CallsConfig
    /// Who may sign in as an agent and the groups calls are offered to; empty by default.
    public var agents: AgentsConfig
    public var trunks: [TrunkConfig]
    public var store: StoreConfig
    public var dialplans: DialplansConfig
    public var log: LogConfig

    public init(http: HTTPConfig = HTTPConfig(), sip: SIPConfig = SIPConfig(), media: MediaConfig,
                webrtc: WebRTCConfig = WebRTCConfig(), calls: CallsConfig = CallsConfig(),
                trunks: [TrunkConfig] = [], store: StoreConfig = StoreConfig(),
                dialplans: DialplansConfig = DialplansConfig(), log: LogConfig = LogConfig(),
                agents: AgentsConfig = AgentsConfig(), webAuth: WebAuthConfig = WebAuthConfig()) {
        self.http = http
        self.sip = sip
        self.media = media
        self.webrtc = webrtc
        self.calls = calls
        self.trunks = trunks
        self.store = store
        self.dialplans = dialplans
        self.log = log
        self.agents = agents
        self.webAuth = webAuth
    }

    /// The trunk with this name, if any.
    public func trunk(named name: String) -> TrunkConfig? {
        trunks.first { $0.name == name }
    }

    /// The trunk dialed numbers go to (`calls.default_trunk`), if any.
    public var defaultTrunk: TrunkConfig? {
        calls.defaultTrunk.flatMap { trunk(named: $0) }
    }

    /// Host for SIP Via and Contact headers: `sip.public_address`, else `media.public_address`.
    public var sipPublicAddress: String {
        sip.publicAddress ?? media.publicAddress
    }

    /// Reads and validates a configuration file.
    public static func load(path: String) throws(ConfigError) -> GatewayConfig {
        let text: String
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            guard let decoded = String(data: data, encoding: .utf8) else {
                throw ConfigError(findings: [ConfigFinding(
                    source: path, line: 0, column: 0, keyPath: "",
                    problem: "the file is not valid UTF-8 text", fix: "save it as UTF-8")])
            }
            text = decoded
        } catch let error as ConfigError {
            throw error
        } catch {
            throw ConfigError(findings: [ConfigFinding(
                source: path, line: 0, column: 0, keyPath: "",
                problem: "cannot read the file (\(error.localizedDescription))",
                fix: "check the path and its permissions")])
        }
        return try parse(yaml: text, source: path)
    }

    /// Parses and validates configuration text; `source` names it in findings.
    public static func parse(yaml: String, source: String) throws(ConfigError) -> GatewayConfig {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            throw ConfigError(findings: [YAMLSyntaxFinding.finding(for: error, source: source)])
        }
        var decoder = ConfigDecoder(source: source)
        let config = decoder.decodeConfig(root)
        decoder.checkReferences(config)
        let findings = decoder.sortedFindings
        if !findings.isEmpty {
            throw ConfigError(findings: findings)
        }
        return config
    }
}

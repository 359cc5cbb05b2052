import Agents
import Config
import CoreTypes
import Gateway
import Logging
import RTP

extension TrunkConfig {
    /// The trunk as the B2BUA core sees it. Calls sign digest challenges with
    /// `auth_username` when it is set.
    var target: TrunkTarget {
        var target = TrunkTarget(name: name, endpoint: address, transport: transport, outboundProxy: outboundProxy,
                                 domain: domain, username: authUsername ?? username, password: password,
                                 fromUser: fromUser, codecs: codecs.compactMap(TrunkCodec.init(config:)))
        target.reliableProvisional = ReliableProvisional(rawValue: prack.rawValue) ?? .supported
        target.dtmf = TrunkDTMFMode(rawValue: dtmf.rawValue) ?? .rfc4733
        return target
    }
}

extension QualityWarningLimits {
    /// The limits as the quality watch of every leg applies them.
    var thresholds: QualityThresholds {
        var thresholds = QualityThresholds()
        thresholds.roundTripMilliseconds = Double(roundTripMilliseconds)
        thresholds.jitterMilliseconds = Double(jitterMilliseconds)
        thresholds.lossPercent = lossPercent
        thresholds.meanOpinionScore = meanOpinionScore
        return thresholds
    }
}

extension TrunkCodec {
    init?(config: AudioCodec) {
        self.init(rawValue: config.rawValue)
    }
}

extension LogLevel {
    var loggerLevel: Logger.Level {
        Logger.Level(rawValue: rawValue) ?? .info
    }
}

extension AgentsConfig {
    /// The roster and groups as the distribution core takes them; a group without its own
    /// ring timeout or wrap-up uses the section's.
    var distributor: CallDistributor {
        CallDistributor(
            agents: roster.map { AgentProfile(identity: $0.identity, name: $0.name, extension: $0.extension) },
            groups: groups.map { AgentGroup(name: $0.name, strategy: $0.strategy, members: $0.members,
                                            ringTimeout: $0.ringTimeout ?? ringTimeout, wrapUp: $0.wrapUp ?? wrapUp) },
            defaultRingTimeout: ringTimeout, defaultWrapUp: wrapUp)
    }
}

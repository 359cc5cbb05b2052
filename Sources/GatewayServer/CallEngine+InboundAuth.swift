import Config
import CoreTypes
import SIP

/// Which trunk an INVITE outside any dialog comes from: its source address, or, for
/// trunks that have inbound credentials, digest authentication (RFC 3261 §22.4).
extension CallEngine {
    enum TrunkRecognition {
        case trunk(TrunkConfig)
        /// 401 with a fresh challenge (or `stale=true` for an expired nonce).
        case challenge(SIPResponse)
        /// For the log only; the caller always sees the same 403.
        case refused(String)
    }

    /// The realm of the gateway's challenges.
    static let digestRealm = "gateway"

    func recognizeTrunk(_ invite: SIPRequest, from: Endpoint) -> TrunkRecognition {
        if let name = trunkSources[from.host], let trunk = config.trunk(named: name) {
            return .trunk(trunk)
        }
        let authenticating = config.trunks.filter { $0.inboundUsername != nil && $0.inboundPassword != nil }
        guard !authenticating.isEmpty else { return .refused("source is not a trunk") }
        guard let header = invite.headers["Authorization"] else { return .challenge(challenge(invite, stale: false)) }
        guard let credentials = try? DigestCredentials.parse(header), credentials.realm == Self.digestRealm else {
            return .refused("unreadable credentials")
        }
        switch nonces.check(credentials.nonce, now: clock.now) {
        case .forged: return .refused("nonce not issued here")
        case .stale: return .challenge(challenge(invite, stale: true))
        case .valid: break
        }
        guard let trunk = authenticating.first(where: { $0.inboundUsername == credentials.username }),
              let password = trunk.inboundPassword,
              credentials.matches(password: password, method: invite.method) else {
            return .refused("wrong user name or password")
        }
        return .trunk(trunk)
    }

    /// One challenge per configured algorithm, in the configured order (RFC 8760 §2.4:
    /// SHA-256 first by default, MD5 for older clients); qop=auth.
    private func challenge(_ invite: SIPRequest, stale: Bool) -> SIPResponse {
        var response = invite.makeResponse(status: 401, reason: "Unauthorized", toTag: SIPIdentifiers.newTag())
        let nonce = nonces.issue(now: clock.now)
        for algorithm in config.sip.digestAlgorithms.map({ $0 == .sha256 ? "SHA-256" : "MD5" }) {
            response.headers.add("WWW-Authenticate", "Digest realm=\"\(Self.digestRealm)\", nonce=\"\(nonce)\", "
                + "algorithm=\(algorithm), qop=\"auth\"" + (stale ? ", stale=true" : ""))
        }
        return response
    }
}

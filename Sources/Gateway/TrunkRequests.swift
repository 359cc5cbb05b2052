import CoreTypes
import SIP

/// The SIP messages an outbound call sends to a trunk, and what it reads from
/// the trunk's messages. Kept apart so `OutboundCall` reads as a state machine.
enum TrunkRequests {
    static let allow = "INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE"

    /// The initial INVITE (RFC 3261 §8.1.1), or its retry with credentials (§22.2).
    static func invite(plan: OutboundCallPlan, cseq: UInt32, authorization: (header: String, value: String)?) -> SIPRequest {
        let requestURI = destinationURI(plan)
        var h = SIPHeaders()
        h.add("Via", plan.local.newVia())
        h.add("Max-Forwards", "70")
        if let route = plan.trunk.outboundProxyRoute { h.add("Route", route) }
        addCallerHeaders(&h, plan: plan)
        h.add("To", "<\(requestURI.description)>")
        h.add("Call-ID", plan.sipCallID)
        h.add("CSeq", "\(cseq) INVITE")
        h.add("Contact", plan.local.contact)
        h.add("Allow", allow)
        // RFC 4028 §7.1: session timers offered with the interval we would like.
        switch plan.trunk.reliableProvisional {
        case .supported: h.add("Supported", "100rel, timer")
        case .required:
            h.add("Supported", "timer")
            h.add("Require", "100rel")
        case .disabled: h.add("Supported", "timer")
        }
        h.add("Session-Expires", String(SessionTimer.requestedInterval.components.seconds))
        h.add("Min-SE", String(SessionTimer.minimumInterval.components.seconds))
        h.add("User-Agent", plan.local.userAgent)
        if let authorization { h.add(authorization.header, authorization.value) }
        h.add("Content-Type", "application/sdp")
        let sdp = TrunkSDP.offer(address: plan.mediaAddress, port: plan.mediaPort, codecs: plan.trunk.codecs,
                                 sessionID: plan.sdpSessionID)
        return SIPRequest(method: .invite, uri: requestURI, headers: h, body: Array(sdp.utf8))
    }

    /// From, and for a caller ID the account cannot carry in From, P-Asserted-Identity.
    ///
    /// Without a dialplan caller ID: From is the trunk's `from_user` or the web identity.
    /// With one: From carries it, unless the trunk needs its own `from_user` there, in which
    /// case it goes in P-Asserted-Identity (RFC 3325 §9.1). With privacy: From is anonymous
    /// (RFC 3323 §4.1.1.3), `Privacy: id` asks the trunk to withhold the asserted identity.
    static func addCallerHeaders(_ h: inout SIPHeaders, plan: OutboundCallPlan) {
        let domain = bracketed(plan.trunk.domain)
        guard let caller = plan.presentedCaller else {
            let fromUser = escapeUser(plan.trunk.fromUser ?? plan.identity)
            h.add("From", "<sip:\(fromUser)@\(domain)>;tag=\(plan.fromTag)")
            return
        }
        let number = escapeUser(caller.number)
        let asserted = "<sip:\(number)@\(domain)>"
        if caller.privacy {
            h.add("From", "\"Anonymous\" <sip:anonymous@anonymous.invalid>;tag=\(plan.fromTag)")
            h.add("P-Asserted-Identity", asserted)
            h.add("Privacy", "id")
            return
        }
        let display = caller.name.flatMap { $0.isEmpty ? nil : quotedDisplayName($0) + " " } ?? ""
        if let account = plan.trunk.fromUser {
            h.add("From", "\(display)<sip:\(escapeUser(account))@\(domain)>;tag=\(plan.fromTag)")
            h.add("P-Asserted-Identity", display + asserted)
        } else {
            h.add("From", "\(display)<sip:\(number)@\(domain)>;tag=\(plan.fromTag)")
        }
    }

    /// RFC 3261 §25.1 quoted-string: backslash and double quote are escaped, controls dropped.
    static func quotedDisplayName(_ name: String) -> String {
        var out = "\""
        for scalar in name.unicodeScalars where scalar.value >= 0x20 && scalar.value != 0x7F {
            if scalar == "\"" || scalar == "\\" { out += "\\" }
            out.unicodeScalars.append(scalar)
        }
        return out + "\""
    }

    /// `sip:<number>@<domain>[:port]`: the port is written when the trunk listens on
    /// a port other than its transport's default (5060, or 5061 for TLS) at its own domain.
    static func destinationURI(_ plan: OutboundCallPlan) -> SIPURI {
        let trunk = plan.trunk
        let port = (trunk.domain == trunk.endpoint.host && trunk.endpoint.port != trunk.transport.defaultPort)
            ? trunk.endpoint.port : nil
        let text = "sip:\(escapeUser(plan.destination))@\(bracketed(trunk.domain))" + (port.map { ":\($0)" } ?? "")
        return (try? SIPURI.parse(text)) ?? SIPURI(user: plan.destination, host: trunk.domain, port: port)
    }

    /// An OPTIONS probe outside any dialog (RFC 3261 §11.1), with a fresh Call-ID.
    static func options(trunk: TrunkTarget, local: LocalSIPAddress) -> SIPRequest {
        let port = trunk.endpoint.port != trunk.transport.defaultPort ? ":\(trunk.endpoint.port)" : ""
        let uri = (try? SIPURI.parse("sip:\(bracketed(trunk.domain))\(port)"))
            ?? SIPURI(host: trunk.domain, port: trunk.endpoint.port)
        var h = SIPHeaders()
        h.add("Via", local.newVia())
        h.add("Max-Forwards", "70")
        h.add("From", "<sip:gateway@\(bracketed(trunk.domain))>;tag=\(SIPIdentifiers.newTag())")
        h.add("To", "<\(uri.description)>")
        h.add("Call-ID", SIPIdentifiers.newCallID())
        h.add("CSeq", "1 OPTIONS")
        h.add("Contact", local.contact)
        if let route = trunk.outboundProxyRoute { h.add("Route", route) }
        h.add("Accept", "application/sdp")
        h.add("User-Agent", local.userAgent)
        h.add("Content-Length", "0")
        return SIPRequest(method: .options, uri: uri, headers: h)
    }

    /// CANCEL for the pending INVITE (§9.1), with the cause (RFC 3326).
    static func cancel(_ invite: SIPRequest, end: CallEnd) -> SIPRequest {
        var cancel = invite.makeCANCEL()
        cancel.headers.add("Reason", reasonHeader(end.cause))
        return cancel
    }

    /// BYE inside the dialog (§15.1.1), with the cause (RFC 3326).
    static func bye(in dialog: inout SIPDialog, plan: OutboundCallPlan, end: CallEnd) -> SIPRequest {
        var bye = dialog.makeRequest(method: .bye, viaHost: plan.local.endpoint.host, viaPort: plan.local.endpoint.port,
                                     transport: plan.local.transport.viaToken)
        bye.headers.add("Reason", reasonHeader(end.cause))
        bye.headers.add("User-Agent", plan.local.userAgent)
        return bye
    }

    /// `Reason: Q.850;cause=N;text="…"` (RFC 3326 §2).
    static func reasonHeader(_ cause: HangupCause) -> String {
        "Q.850;cause=\(cause.q850);text=\"\(cause.rawValue)\""
    }

    /// The Q.850 cause of a Reason header, when there is one (RFC 3326).
    static func reasonCause(_ headers: SIPHeaders) -> HangupCause? {
        for value in headers.values("Reason") {
            let parts = value.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.first?.uppercased() == "Q.850" else { continue }
            for part in parts.dropFirst() where part.lowercased().hasPrefix("cause=") {
                if let code = Int(part.dropFirst(6)) { return HangupCause(q850: code) }
            }
        }
        return nil
    }

    /// The Authorization or Proxy-Authorization header answering a 401/407 (RFC 3261 §22.2).
    static func authorization(for response: SIPResponse, username: String, password: String,
                              request: SIPRequest) -> (header: String, value: String)? {
        let (challengeHeader, answerHeader) = response.statusCode == 407
            ? ("Proxy-Authenticate", "Proxy-Authorization") : ("WWW-Authenticate", "Authorization")
        let challenges = response.headers.fieldValues(challengeHeader).compactMap { try? DigestChallenge.parse($0) }
        // Prefer SHA-256 when offered (RFC 8760 §2.4), else the first challenge.
        guard let challenge = challenges.first(where: { $0.algorithm.rawValue.uppercased().hasPrefix("SHA-256") })
                ?? challenges.first else { return nil }
        let value = challenge.authorization(username: username, password: password, method: request.method,
                                            uri: request.uri.description)
        return (answerHeader, value)
    }

    /// Where in-dialog requests go when the next hop is an IP literal.
    static func nextHop(of dialog: SIPDialog) -> Endpoint? {
        guard let endpoint = dialog.nextHop.endpoint, isIPLiteral(endpoint.host) else { return nil }
        return endpoint
    }

    static func isIPLiteral(_ host: String) -> Bool {
        host.contains(":") || host.split(separator: ".").count == 4 && host.allSatisfy { $0.isNumber || $0 == "." }
    }

    /// RFC 3261 §25.1: `#` and other reserved characters are escaped in the user part.
    static func escapeUser(_ user: String) -> String {
        var out = ""
        for ch in user.unicodeScalars {
            if CharacterSet.sipUser.contains(ch) { out.unicodeScalars.append(ch) }
            else { for b in String(ch).utf8 { out += String(format: "%%%02X", b) } }
        }
        return out
    }

    static func bracketed(_ host: String) -> String {
        host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
    }

    /// RFC 3262 §7.1: a reliable provisional has `Require: 100rel` and an RSeq.
    static func isReliable(_ response: SIPResponse) -> Bool {
        response.optionTags("Require").contains { $0.lowercased() == "100rel" } && response.headers["RSeq"] != nil
    }

    static func rseq(_ response: SIPResponse) -> UInt32? {
        response.headers["RSeq"].flatMap { UInt32($0.trimmingCharacters(in: .whitespaces)) }
    }

    static func cseqNumber(_ response: SIPResponse) -> UInt32? { response.cseq?.sequence }
    static func cseqMethod(_ response: SIPResponse) -> SIPMethod? { response.cseq?.method }
    static func toTag(_ response: SIPResponse) -> String? { response.to?.tag }
}

import Foundation

private extension CharacterSet {
    /// RFC 3261 §25.1 `user` = unreserved / escaped / user-unreserved.
    static let sipUser = CharacterSet(charactersIn:
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.!~*'()&=+$,;?/")
}

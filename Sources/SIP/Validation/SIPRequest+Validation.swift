extension SIPRequest {
    /// The checks a UAS applies to a well-formed request before acting on it
    /// (RFC 3261 §8.2, in its order), returning the failure response to send or
    /// nil when the request may be processed.
    ///
    /// - Parameters:
    ///   - supportedExtensions: option tags this element implements; unknown
    ///     tags in Require give 420 with Unsupported (§8.2.2.3). Proxy-Require is
    ///     a proxy's concern and ignored.
    ///   - supportedMethods: when given, other methods give 405 with Allow (known
    ///     methods) or 501 (unknown methods, §8.2.1; RFC 4475 §3.1.1.5).
    ///   - acceptedBodyTypes: when given, a body of another type gives 415 with
    ///     Accept (§8.2.3) and an INVITE whose Accept excludes all of them gives 406
    ///     (RFC 4475 §3.3.15).
    public func validationFailure(supportedExtensions: Set<String>,
                                  supportedMethods: Set<SIPMethod>? = nil,
                                  acceptedBodyTypes: Set<String>? = nil) -> SIPValidationFailure? {
        if version != "SIP/2.0" { return SIPValidationFailure(statusCode: 505) }
        if let failure = headerFailure { return failure }
        if let supportedMethods, !supportedMethods.contains(method), method != .ack {
            guard SIPMethod.standard.contains(method) else { return SIPValidationFailure(statusCode: 501) }
            let allow = supportedMethods.map(\.rawValue).sorted().joined(separator: ", ")
            return SIPValidationFailure(statusCode: 405, headers: [SIPHeaderField(name: "Allow", value: allow)])
        }
        if !uri.isSIP && !uri.isTel { return SIPValidationFailure(statusCode: 416) }
        // RFC 4475 §3.3.4: a REGISTER's To is an address-of-record and must be SIP or SIPS.
        if method == .register, let to, !to.uri.isSIP {
            return SIPValidationFailure(statusCode: 400, reasonPhrase: "Bad Request - To must be a SIP URI")
        }
        if method != .ack, method != .cancel {
            let lowerSupported = Set(supportedExtensions.map { $0.lowercased() })
            let unknown = optionTags("Require").filter { !lowerSupported.contains($0.lowercased()) }
            if !unknown.isEmpty {
                return SIPValidationFailure(statusCode: 420, headers: [
                    SIPHeaderField(name: "Unsupported", value: unknown.joined(separator: ", ")),
                ])
            }
        }
        if let acceptedBodyTypes { return bodyFailure(accepted: acceptedBodyTypes) }
        return nil
    }

    /// Mandatory headers (§8.1.1), CSeq/method agreement (RFC 4475 §3.1.2.17)
    /// and a Request-URI without headers (§19.1.1, RFC 4475 §3.1.2.11).
    private var headerFailure: SIPValidationFailure? {
        var missing: [String] = []
        if via.isEmpty { missing.append("Via") }
        if from == nil { missing.append("From") }
        if to == nil { missing.append("To") }
        if callID?.isEmpty ?? true { missing.append("Call-ID") }
        if cseq == nil { missing.append("CSeq") }
        // RFC 2543 clients (no magic cookie) did not send Max-Forwards (RFC 4475 §3.4.1).
        if maxForwards == nil, topVia?.branch?.hasPrefix(Via.magicCookie) == true { missing.append("Max-Forwards") }
        if !missing.isEmpty {
            return SIPValidationFailure(statusCode: 400,
                                        reasonPhrase: "Bad Request - Missing " + missing.joined(separator: ", "))
        }
        if let cseq, cseq.method != method {
            return SIPValidationFailure(statusCode: 400, reasonPhrase: "Bad Request - CSeq method mismatch")
        }
        if !uri.headers.isEmpty {
            return SIPValidationFailure(statusCode: 400, reasonPhrase: "Bad Request - Headers in Request-URI")
        }
        return nil
    }

    private func bodyFailure(accepted: Set<String>) -> SIPValidationFailure? {
        let types = Set(accepted.map { $0.lowercased() })
        let acceptHeader = SIPHeaderField(name: "Accept", value: types.sorted().joined(separator: ", "))
        if !body.isEmpty {
            guard let type = contentType else {
                return SIPValidationFailure(statusCode: 400, reasonPhrase: "Bad Request - Missing Content-Type")
            }
            if !types.contains(type) { return SIPValidationFailure(statusCode: 415, headers: [acceptHeader]) }
        }
        if method == .invite {
            let ranges = headers.values("Accept").map {
                String($0.split(separator: ";", maxSplits: 1).first ?? "").trimmingSIPWhitespace().lowercased()
            }
            if !ranges.isEmpty, !types.contains(where: { t in ranges.contains { Self.mediaRange($0, matches: t) } }) {
                return SIPValidationFailure(statusCode: 406, headers: [acceptHeader])
            }
        }
        return nil
    }

    /// `*/*`, `type/*` or an exact type (RFC 3261 §20.1).
    private static func mediaRange(_ range: String, matches type: String) -> Bool {
        if range == "*/*" || range == type { return true }
        if range.hasSuffix("/*") { return type.hasPrefix(String(range.dropLast())) }
        return false
    }
}

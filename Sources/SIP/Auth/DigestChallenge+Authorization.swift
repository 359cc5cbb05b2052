import Hashing

extension DigestChallenge {
    /// The Authorization (or Proxy-Authorization) header value answering this
    /// challenge (RFC 7616 §3.4, RFC 2617 §3.2.2). Uses qop=auth when offered,
    /// else auth-int (hashing `body`), else the RFC 2069 form; `nonceCount` is
    /// written as 8 hex digits. A random cnonce is generated when none is given.
    public func authorization(username: String, password: String, method: SIPMethod, uri: String,
                              cnonce: String? = nil, nonceCount: UInt32 = 1, body: [UInt8] = []) -> String {
        let h: (String) -> String = { hex(Array($0.utf8)) }
        let qop = qopOptions.contains("auth") ? "auth" : (qopOptions.contains("auth-int") ? "auth-int" : nil)
        let cnonce = cnonce ?? randomToken(length: 16)
        let nc = String(repeating: "0", count: max(0, 8 - String(nonceCount, radix: 16).count))
            + String(nonceCount, radix: 16)

        var ha1 = h("\(username):\(realm):\(password)")
        if algorithm.isSession { ha1 = h("\(ha1):\(nonce):\(cnonce)") }
        let a2 = qop == "auth-int" ? "\(method.rawValue):\(uri):\(hex(body))" : "\(method.rawValue):\(uri)"
        let ha2 = h(a2)
        let response = qop.map { h("\(ha1):\(nonce):\(nc):\(cnonce):\($0):\(ha2)") } ?? h("\(ha1):\(nonce):\(ha2)")

        let shownUser = userhash ? h("\(username):\(realm)") : username
        var parts = [
            "username=\(NameAddr.quote(shownUser))", "realm=\(NameAddr.quote(realm))",
            "nonce=\(NameAddr.quote(nonce))", "uri=\(NameAddr.quote(uri))",
            "response=\"\(response)\"", "algorithm=\(algorithm.rawValue)",
        ]
        if qop != nil || algorithm.isSession { parts.append("cnonce=\(NameAddr.quote(cnonce))") }
        if let opaque { parts.append("opaque=\(NameAddr.quote(opaque))") }
        if let qop { parts += ["qop=\(qop)", "nc=\(nc)"] }
        if userhash { parts.append("userhash=true") }
        return "Digest " + parts.joined(separator: ", ")
    }

    /// Lower-case hex digest of `bytes` with the challenge's hash function.
    private func hex(_ bytes: [UInt8]) -> String {
        switch algorithm {
        case .md5, .md5Session: return Hash.md5.digest(bytes).hexString
        case .sha256, .sha256Session: return Hash.sha256.digest(bytes).hexString
        }
    }
}

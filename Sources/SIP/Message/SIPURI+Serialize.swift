extension SIPURI {
    /// The URI in wire form, re-escaping anything outside each part's character set.
    var serialized: String {
        if let opaque { return "\(scheme):\(opaque)" }
        var s = scheme + ":"
        if isTel {
            s += user ?? ""
        } else {
            if let user {
                s += Self.escape(user, allowed: SIPChar.isUserChar)
                if let password { s += ":" + Self.escape(password, allowed: SIPChar.isPasswordChar) }
                s += "@"
            }
            s += hostPort
        }
        for p in parameters {
            s += ";" + Self.escape(p.name, allowed: SIPChar.isParamChar)
            if let v = p.value { s += "=" + Self.escape(v, allowed: SIPChar.isParamChar) }
        }
        if !headers.isEmpty {
            s += "?" + headers.map {
                Self.escape($0.name, allowed: SIPChar.isHeaderChar) + "="
                    + Self.escape($0.value ?? "", allowed: SIPChar.isHeaderChar)
            }.joined(separator: "&")
        }
        return s
    }

    /// Percent-encodes (upper-case hex, RFC 3261 §19.1.2) every byte not in `allowed`.
    static func escape(_ text: String, allowed: (UInt8) -> Bool) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for b in text.utf8 {
            if allowed(b) {
                out.append(b)
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(hex[Int(b >> 4)])
                out.append(hex[Int(b & 0x0F)])
            }
        }
        return String(sipBytes: out)
    }
}

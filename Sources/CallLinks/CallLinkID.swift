/// Call link ids: the secret part of `/call/<id>`.
///
/// 16 random bytes (128 bits, beyond guessing at any request rate) written in base64url
/// without padding (RFC 4648 §5): 22 characters that need no escaping in a URL.
public enum CallLinkID {
    public static let length = 22

    /// The id of `bytes` (16 of them, from a cryptographic generator).
    public static func make(from bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        var text = ""
        var buffer = 0
        var bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | Int(byte)
            bits += 8
            while bits >= 6 {
                bits -= 6
                text.append(alphabet[(buffer >> bits) & 0x3F])
            }
            buffer &= (1 << bits) - 1
        }
        if bits > 0 { text.append(alphabet[(buffer << (6 - bits)) & 0x3F]) }
        return text
    }

    /// Whether `text` could be an id: checked before any lookup, so a path or query
    /// parameter of another shape is turned away without touching the store.
    public static func isWellFormed(_ text: some StringProtocol) -> Bool {
        text.utf8.count == length && text.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x2D || byte == 0x5F
        }
    }
}

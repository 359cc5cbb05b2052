import COpenSSL

/// OpenSSL reports failures through a per-thread error queue. These helpers
/// clear it before an operation and turn what it holds afterwards into text.
enum OpenSSLErrors {
    static func clear() { ERR_clear_error() }

    /// Every queued error as OpenSSL's own text, oldest first; empties the queue.
    static func drain() -> String {
        var messages: [String] = []
        var buffer = [CChar](repeating: 0, count: 256)
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            ERR_error_string_n(code, &buffer, buffer.count)
            messages.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return messages.isEmpty ? "no OpenSSL error queued" : messages.joined(separator: "; ")
    }

    /// "what failed: OpenSSL's reasons".
    static func describe(_ what: String) -> String { "\(what): \(drain())" }
}

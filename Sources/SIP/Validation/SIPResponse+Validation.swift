extension SIPResponse {
    /// Why a user agent client must discard this response, or nil if it may be
    /// processed. RFC 3261 §8.1.3.3: a response with more than one Via was meant
    /// for a proxy (this also drops RFC 4475 §3.3.10's broadcast Via). A response
    /// without the headers needed to match a transaction is unusable too.
    public var uacDiscardReason: String? {
        let vias = headers.values("Via")
        if vias.count != 1 { return vias.isEmpty ? "no Via" : "more than one Via" }
        if cseq == nil { return "missing CSeq" }
        if callID == nil || from == nil || to == nil { return "missing Call-ID, From or To" }
        return nil
    }
}

/// A listening-quality estimate from network figures: the E-model of ITU-T G.107
/// reduced to the impairments a gateway can measure (delay and packet loss), with
/// the default values for everything else (R0 − Is = 93.2, A = 0), and its mapping
/// from the rating factor R to a mean opinion score (G.107 Annex B).
public enum EModel {
    /// How a codec copes with loss: its equipment impairment Ie and its packet-loss
    /// robustness Bpl (ITU-T G.113 Appendix I, G.107 §7.6).
    public struct CodecImpairment: Sendable, Hashable {
        public var ie: Double
        public var bpl: Double
        /// Codec delay in milliseconds: frame plus look-ahead.
        public var delayMilliseconds: Double

        public init(ie: Double, bpl: Double, delayMilliseconds: Double) {
            self.ie = ie
            self.bpl = bpl
            self.delayMilliseconds = delayMilliseconds
        }

        /// G.711 with packet-loss concealment (G.113 Appendix I: Ie 0, Bpl 25.1).
        public static let g711 = CodecImpairment(ie: 0, bpl: 25.1, delayMilliseconds: 20)
        /// G.722 has no narrowband-scale entry in G.113; at 64 kbit/s with concealment
        /// it is rated here like G.711 with concealment, a conservative choice (on the
        /// narrowband scale it cannot be better than transparent).
        public static let g722 = CodecImpairment(ie: 0, bpl: 25.1, delayMilliseconds: 21.5)
        /// Opus at the gateway's 32 kbit/s with in-band FEC: transparent on the
        /// narrowband scale (Ie 0); G.113 lists no Bpl, the G.711-with-concealment value
        /// is used. Delay is the 20 ms frame plus 6.5 ms look-ahead.
        public static let opus = CodecImpairment(ie: 0, bpl: 25.1, delayMilliseconds: 26.5)
    }

    /// R0 − Is with G.107's default parameters.
    static let basicRating = 93.2

    /// The rating factor R (0...100 on the narrowband scale).
    /// - Parameters:
    ///   - oneWayDelayMilliseconds: mouth-to-ear delay Ta (network, jitter buffer, codec).
    ///   - lossPercent: random packet loss Ppl in percent.
    public static func rating(oneWayDelayMilliseconds delay: Double, lossPercent loss: Double,
                              codec: CodecImpairment) -> Double {
        let ta = max(0, delay.isFinite ? delay : 0)
        let ppl = min(100, max(0, loss.isFinite ? loss : 0))
        // Id: the widely used two-segment fit of G.107's delay impairment (knee at 177.3 ms).
        var id = 0.024 * ta
        if ta > 177.3 { id += 0.11 * (ta - 177.3) }
        // G.107 (7-29) with BurstR = 1 (random loss): Ie,eff = Ie + (95 − Ie)·Ppl/(Ppl + Bpl).
        let ieEff = codec.ie + (95 - codec.ie) * ppl / (ppl + codec.bpl)
        return min(100, max(0, basicRating - id - ieEff))
    }

    /// G.107 Annex B (B-4): MOS from R, 1.0 ... 4.5.
    public static func meanOpinionScore(rating r: Double) -> Double {
        if r <= 0 { return 1 }
        if r >= 100 { return 4.5 }
        return 1 + 0.035 * r + r * (r - 60) * (100 - r) * 7e-6
    }

    /// MOS straight from the figures.
    public static func meanOpinionScore(oneWayDelayMilliseconds delay: Double, lossPercent loss: Double,
                                        codec: CodecImpairment) -> Double {
        meanOpinionScore(rating: rating(oneWayDelayMilliseconds: delay, lossPercent: loss, codec: codec))
    }
}

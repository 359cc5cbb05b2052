/// Keeps patterns in the same form as the numbers they are matched against.
enum PatternNormalization {
    /// A prefix in E.164 (`+44`) or with an international prefix (`0044` → `+44`) is
    /// normalized; other prefixes are kept as written (they can match short codes).
    static func prefix(_ text: String, country: Country) throws(PatternProblem) -> String {
        let kept = text.filter { !NumberNormalizer.separators.contains($0) }
        guard !kept.isEmpty, kept.allSatisfy({ $0.isASCII && ($0.isNumber || "+*#".contains($0)) }),
              !kept.dropFirst().contains("+") else {
            throw PatternProblem(problem: "'\(text)' is not a number prefix", fix: "write digits, e.g. \"+1900\"")
        }
        for international in country.internationalPrefixes
        where kept.hasPrefix(international) && kept.count > international.count {
            return "+" + kept.dropFirst(international.count)
        }
        return kept
    }

    /// Refuses a pattern written in national form that normalization would never let
    /// through: `NXXNXXXXXX` in a US context sees `+12125550100`, never `2125550100`.
    ///
    /// Judged on one sample number the pattern matches (padded to 11 characters when it
    /// has a tail), and only for patterns with a fixed start or at least 7 positions, so
    /// catch-alls like `Z!` (which still see short codes) are left alone.
    static func checkSeesNormalizedNumbers(_ pattern: AsteriskPattern, written: String,
                                           country: Country) throws(PatternProblem) {
        let literal = pattern.literalPrefix
        guard !literal.hasPrefix("+"), !literal.isEmpty || pattern.positions.count >= 7 else { return }
        let sample = pattern.sample(padTo: 11)
        guard let normalized = try? NumberNormalizer.normalize(sample, country: country),
              normalized.number != sample else { return }
        var fix = "write it in E.164 form, starting with '+'"
        var source = Substring(written)
        if source.hasPrefix("_") { source = source.dropFirst() }
        let dropped = sample.prefix(normalized.droppedCount)
        if source.hasPrefix(dropped) {
            fix = "write '\(normalized.addedPrefix)\(source.dropFirst(dropped.count))'"
        }
        throw PatternProblem(
            problem: "never matches: numbers like \(sample) are normalized to \(normalized.number) before rules see them",
            fix: fix)
    }
}

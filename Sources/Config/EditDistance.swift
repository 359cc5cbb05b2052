/// "Did you mean …?" suggestions for misspelled keys and values.
enum Suggestion {
    /// The candidate closest to `word`, if it is close enough to be a likely typo.
    ///
    /// Closeness is the optimal-string-alignment distance (insertions, deletions,
    /// substitutions and swaps of neighbours each count 1), case-insensitive, and must
    /// be at most a third of the word's length (at least 1), so `adress` → `address`
    /// and `listne` → `listen`, but `foo` suggests nothing. Failing that, a candidate
    /// that extends the word (at least 4 letters) is taken, which catches a dropped
    /// unit suffix (`timer_t1` → `timer_t1_ms`) or an abbreviation (`warn` → `warning`).
    static func closest(to word: String, among candidates: [String]) -> String? {
        let lowered = word.lowercased()
        let limit = max(1, lowered.count / 3)
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(lowered, candidate.lowercased())
            if distance <= limit, distance < (best?.distance ?? Int.max) {
                best = (candidate, distance)
            }
        }
        if let best { return best.candidate }
        guard lowered.count >= 4 else { return nil }
        return candidates.first { $0.lowercased().hasPrefix(lowered) }
    }

    /// Optimal string alignment distance between two strings, by Unicode scalars.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let s = Array(a.unicodeScalars)
        let t = Array(b.unicodeScalars)
        if s.isEmpty { return t.count }
        if t.isEmpty { return s.count }
        // Rows of the dynamic-programming table: two back, one back, current.
        var previous2 = [Int](repeating: 0, count: t.count + 1)
        var previous = Array(0...t.count)
        var current = [Int](repeating: 0, count: t.count + 1)
        for i in 1...s.count {
            current[0] = i
            for j in 1...t.count {
                let cost = s[i - 1] == t[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, s[i - 1] == t[j - 2], s[i - 2] == t[j - 1] {
                    value = min(value, previous2[j - 2] + 1)
                }
                current[j] = value
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[t.count]
    }

    /// The fix text for an unknown word: a suggestion if one is close, else the full list.
    static func fix(for word: String, among candidates: [String], listing what: String) -> String {
        if let match = closest(to: word, among: candidates) {
            return "did you mean '\(match)'?"
        }
        return "\(what): " + candidates.joined(separator: ", ")
    }
}

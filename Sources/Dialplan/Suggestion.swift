/// "Did you mean …?" for misspelled keys, trunk, prompt and context names.
enum Suggestion {
    /// The candidate within a third of the word's length in edits (at least 1), else one
    /// that contains the word, if any.
    static func closest(to word: String, among candidates: [String]) -> String? {
        let limit = max(1, word.count / 3)
        var best: (String, Int)?
        for candidate in candidates.sorted() {
            let distance = editDistance(Array(word.lowercased()), Array(candidate.lowercased()))
            if distance <= limit, distance < (best?.1 ?? Int.max) { best = (candidate, distance) }
        }
        if let best { return best.0 }
        // A dropped part: "busy" for "user_busy", "timeout" for "answer_timeout_s".
        guard word.count >= 4 else { return nil }
        return candidates.sorted().first { $0.lowercased().contains(word.lowercased()) }
    }

    /// Edit distance where inserting, deleting, replacing a character or swapping two
    /// neighbours each count 1 ("dail" is one edit from "dial").
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var twoBack = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = previous
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, twoBack[j - 2] + 1)
                }
                current[j] = value
            }
            (twoBack, previous, current) = (previous, current, twoBack)
        }
        return previous[b.count]
    }

    static func fix(for word: String, among candidates: [String], listing what: String) -> String {
        if let match = closest(to: word, among: candidates) { return "did you mean '\(match)'?" }
        return candidates.isEmpty ? "define it first" : "\(what): " + candidates.sorted().joined(separator: ", ")
    }
}

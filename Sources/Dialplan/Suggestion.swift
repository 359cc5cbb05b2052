/// "Did you mean …?" for misspelled keys, trunk, prompt and context names.
///
/// A search compares the word with every candidate, so a file full of misspellings must not
/// cost quadratic time: words longer than `maxWordLength` get no edit-distance search,
/// candidates whose length alone rules them out are skipped, lists longer than
/// `maxCandidates` are not searched, and searches among long or file-defined lists (time
/// zones, contexts, menus, schedules, trunks, prompts, variables) draw on a `SuggestionBudget`.
enum Suggestion {
    /// Longer words are not compared; no name in a dialplan is that long.
    static let maxWordLength = 64
    /// Longer lists are not searched.
    static let maxCandidates = 1000
    /// Names listed in a fix when nothing is close.
    static let maxListed = 30

    /// The candidate within a third of the word's length in edits (at least 1), else one
    /// that contains the word, if any.
    static func closest(to word: String, among candidates: [String]) -> String? {
        guard candidates.count <= maxCandidates else { return nil }
        let sorted = candidates.sorted()
        let lowered = word.lowercased()
        if word.count <= maxWordLength {
            let limit = max(1, word.count / 3)
            let scalars = Array(lowered.unicodeScalars)
            var best: (String, Int)?
            for candidate in sorted {
                let other = Array(candidate.lowercased().unicodeScalars)
                // Each edit changes the length by at most one.
                guard abs(scalars.count - other.count) <= limit else { continue }
                let distance = editDistance(scalars, other)
                if distance <= limit, distance < (best?.1 ?? Int.max) { best = (candidate, distance) }
            }
            if let best { return best.0 }
        }
        // A dropped part: "busy" for "user_busy", "timeout" for "answer_timeout_s".
        guard word.count >= 4 else { return nil }
        return sorted.first { $0.lowercased().contains(lowered) }
    }

    /// Edit distance where inserting, deleting, replacing a character or swapping two
    /// neighbours each count 1 ("dail" is one edit from "dial").
    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
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
        if candidates.isEmpty { return "define it first" }
        let listed = candidates.sorted().prefix(maxListed).joined(separator: ", ")
        return "\(what): " + listed + (candidates.count > maxListed ? " and \(candidates.count - maxListed) more" : "")
    }
}

/// Bounds the suggestion searches of one file or one load among long or file-defined lists.
///
/// Each search costs the number of candidates it looks at; once `Suggestion.searchBudget`
/// is spent, findings get a fix without a suggestion. Without it, a file with thousands of
/// misspelled names among thousands of defined ones took minutes to check.
struct SuggestionBudget {
    /// Candidate comparisons left.
    private(set) var left = 50_000

    private mutating func spend(_ count: Int) -> Bool {
        guard count <= left else {
            left = 0
            return false
        }
        left -= count
        return true
    }

    /// `Suggestion.closest`, or nil once the budget is spent.
    mutating func closest<Names: Collection<String>>(to word: String, among candidates: Names) -> String? {
        guard spend(candidates.count) else { return nil }
        return Suggestion.closest(to: word, among: Array(candidates))
    }

    /// `Suggestion.fix`, or a fix that names no candidates once the budget is spent.
    mutating func fix<Names: Collection<String>>(for word: String, among candidates: Names, listing what: String) -> String {
        if candidates.isEmpty { return "define it first" }
        guard spend(candidates.count) else { return "define it first or correct the name" }
        return Suggestion.fix(for: word, among: Array(candidates), listing: what)
    }
}

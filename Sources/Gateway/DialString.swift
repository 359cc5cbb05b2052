/// What a web user may type as a destination.
public enum DialString {
    /// Removes visual separators (spaces, dots, dashes, parentheses) and checks
    /// what is left: an optional leading `+`, then 1 to 32 of `0-9 * #`.
    /// Returns `nil` when the string is not a dial string.
    public static func normalize(_ input: String) -> String? {
        var out = ""
        for (index, ch) in input.trimmingCharacters(in: .whitespaces).enumerated() {
            switch ch {
            case " ", ".", "-", "(", ")": continue
            case "+" where index == 0: out.append(ch)
            case "0"..."9", "*", "#": out.append(ch)
            default: return nil
            }
        }
        let digits = out.hasPrefix("+") ? out.dropFirst() : Substring(out)
        guard (1...32).contains(digits.count) else { return nil }
        return out
    }
}

import Foundation

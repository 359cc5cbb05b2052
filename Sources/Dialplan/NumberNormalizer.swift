/// A dialed number after normalization, the form rules are matched against.
public struct NormalizedNumber: Sendable, Hashable {
    public enum Form: Sendable, Hashable {
        /// '+', calling code and national number, digits only.
        case e164
        /// Short codes, service numbers and star codes (`911`, `112`, `*43`), kept as dialed
        /// minus separators.
        case asDialed
    }

    public var number: String
    public var form: Form
    /// How the dialed digits became `number`: this many leading characters dropped...
    public var droppedCount: Int
    /// ...and this put in front (e.g. "+44" for a GB national number).
    public var addedPrefix: String
}

/// Why a dialed string cannot be a number at all.
public enum NumberError: Error, Sendable, Hashable, CustomStringConvertible {
    case empty
    case tooLong
    case invalidCharacter(Character)
    case misplacedPlus
    case invalidE164(String)

    public var description: String {
        switch self {
        case .empty: return "the number is empty"
        case .tooLong: return "the number is longer than \(NumberNormalizer.maxDialedLength) characters"
        case .invalidCharacter(let c): return "'\(c)' cannot appear in a number"
        case .misplacedPlus: return "'+' may only start a number"
        case .invalidE164(let n): return "'\(n)' is not an E.164 number (1 to 15 digits after '+', not starting with 0)"
        }
    }
}

/// Turns what people dial into the one form rules see (docs/dialplans.md, "Numbers").
///
/// Order: strip visual separators; keep anything with '*' or '#' as dialed; '+' numbers are
/// E.164 already; an international prefix becomes '+'; the trunk prefix followed by a
/// national number of a valid length becomes '+' and the calling code; where the country
/// allows it, a bare national number of a valid length gets '+' and the calling code;
/// everything else (short codes like 911, 112, 15) stays as dialed.
public enum NumberNormalizer {
    /// Bound on input, so a hostile string costs nothing to reject.
    public static let maxDialedLength = 64
    /// Bound on the digits kept; E.164 allows 15 after '+', service codes are short.
    public static let maxDigits = 32

    static let separators: Set<Character> = [" ", "-", ".", "(", ")", "/", "\u{00A0}"]

    public static func normalize(_ dialed: String, country: Country) throws(NumberError) -> NormalizedNumber {
        guard dialed.unicodeScalars.count <= maxDialedLength else { throw .tooLong }
        var kept = ""
        for character in dialed where !separators.contains(character) {
            guard character.isASCII, character.isNumber || "+*#".contains(character) else {
                throw .invalidCharacter(character)
            }
            if character == "+", !kept.isEmpty { throw .misplacedPlus }
            kept.append(character)
        }
        guard !kept.isEmpty else { throw .empty }
        guard kept.count <= maxDigits else { throw .tooLong }

        if kept.contains("*") || kept.contains("#") {
            return NormalizedNumber(number: kept, form: .asDialed, droppedCount: 0, addedPrefix: "")
        }
        if kept.hasPrefix("+") {
            try checkE164(kept)
            return NormalizedNumber(number: kept, form: .e164, droppedCount: 0, addedPrefix: "")
        }
        for prefix in country.internationalPrefixes.sorted(by: { $0.count > $1.count })
        where kept.hasPrefix(prefix) && kept.count > prefix.count {
            let number = "+" + kept.dropFirst(prefix.count)
            try checkE164(number)
            return NormalizedNumber(number: number, form: .e164, droppedCount: prefix.count, addedPrefix: "+")
        }
        let code = "+" + country.callingCode
        if let trunk = country.trunkPrefix, kept.hasPrefix(trunk),
           country.nationalLengths.contains(kept.count - trunk.count) {
            return NormalizedNumber(number: code + kept.dropFirst(trunk.count), form: .e164,
                                    droppedCount: trunk.count, addedPrefix: code)
        }
        if country.bareNationalNumbers, country.nationalLengths.contains(kept.count),
           isPlausibleBareNational(kept, country: country) {
            return NormalizedNumber(number: code + kept, form: .e164, droppedCount: 0, addedPrefix: code)
        }
        return NormalizedNumber(number: kept, form: .asDialed, droppedCount: 0, addedPrefix: "")
    }

    /// NANP area codes start with 2-9, so a ten-digit string starting with 0 or 1 is not one.
    private static func isPlausibleBareNational(_ digits: String, country: Country) -> Bool {
        guard country.callingCode == "1" else { return true }
        return digits.first.map { $0 >= "2" && $0 <= "9" } ?? false
    }

    private static func checkE164(_ number: String) throws(NumberError) {
        let digits = number.dropFirst()
        guard (1...15).contains(digits.count), digits.allSatisfy(\.isNumber), digits.first != "0" else {
            throw .invalidE164(number)
        }
    }
}

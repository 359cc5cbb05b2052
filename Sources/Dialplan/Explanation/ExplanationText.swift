/// Sentences of a `RouteExplanation` that depend only on values, not on the walk.
enum ExplanationText {
    /// `number: "(212) 555-0100" → +12125550100 in E.164 (country US: national number, +1 added)`.
    static func normalization(dialed: String, number: NormalizedNumber, country: Country) -> String {
        let head = "number: \"\(dialed)\" → \(number.number)"
        let code = "+" + country.callingCode
        switch number.form {
        case .e164:
            let how: String
            if number.addedPrefix.isEmpty {
                how = "written in E.164"
            } else if number.addedPrefix == "+" {
                how = "international prefix \(droppedDigits(dialed, count: number.droppedCount)) replaced by +"
            } else if number.droppedCount > 0 {
                how = "trunk prefix \(droppedDigits(dialed, count: number.droppedCount)) replaced by \(code)"
            } else {
                how = "national number, \(code) added"
            }
            return head + " in E.164 (country \(country.isoCode): \(how))"
        case .asDialed:
            let why = number.number.contains("*") || number.number.contains("#")
                ? "a star code" : "not a national number of a valid length, e.g. a short code"
            return head + " kept as dialed (country \(country.isoCode): \(why))"
        }
    }

    /// The leading digits normalization dropped, read from the dialed text without separators.
    private static func droppedDigits(_ dialed: String, count: Int) -> String {
        String(dialed.filter { !NumberNormalizer.separators.contains($0) }.prefix(count))
    }

    /// Why a number the matched rule would dial may be dialed.
    static func safetyVerdict(number: NormalizedNumber, context: Context, rule: Rule) -> String {
        guard rule.steps.contains(where: \.mayDial) else { return "not checked: the rule does not dial a trunk" }
        guard number.form == .e164 else { return "not checked: \(number.number) is not an E.164 number" }
        let literal = rule.match.literalPrefix
        let home = "+" + context.country.callingCode
        var reasons: [String] = []
        if context.kind == .trunk {
            reasons.append("international numbers are not checked in a trunk context")
        } else if number.number.hasPrefix(home) {
            reasons.append("\(number.number) is within the home calling code \(home)")
        } else if rule.allow.contains(.international) {
            reasons.append("international, let through by 'allow: [international]'")
        } else {
            reasons.append("international, let through because the rule's \(rule.match.displayName) names \(literal)")
        }
        if let premium = Safety.premiumPrefixes.first(where: { number.number.hasPrefix($0) }) {
            reasons.append(rule.allow.contains(.premium)
                ? "premium rate (\(premium)), let through by 'allow: [premium]'"
                : "premium rate (\(premium)), let through because the rule's \(rule.match.displayName) names it")
        } else {
            reasons.append("not premium rate")
        }
        return "allowed: " + reasons.joined(separator: "; ")
    }

    static func safetyRefusal(_ refusal: Refusal, number: String) -> String {
        switch refusal {
        case .premium(let prefix):
            return "\(number) is a premium-rate number (\(prefix)) and the rule neither lists 'allow: [premium]' "
                + "nor names \(prefix)"
        case .international(let home):
            return "\(number) is international (outside \(home)) in a web context and the rule neither lists "
                + "'allow: [international]' nor names its calling code"
        default:
            return refusal.description
        }
    }

    /// "welcome, tone beep 250 ms, silence 500 ms".
    static func playItems(_ items: [PlayItem]) -> String {
        items.map { item in
            switch item {
            case .prompt(let name): return name
            case .tone(let name, let milliseconds): return "tone \(name) \(duration(milliseconds))"
            case .silence(let milliseconds): return "silence \(duration(milliseconds))"
            }
        }.joined(separator: ", ")
    }

    /// "3 s" for whole seconds, else "250 ms".
    static func duration(_ milliseconds: Int) -> String {
        milliseconds % 1000 == 0 ? "\(milliseconds / 1000) s" : "\(milliseconds) ms"
    }

    /// The menu keys in dial-pad order: 1-9, 0, *, #.
    static func padOrder(_ keys: some Sequence<Character>) -> [Character] {
        let order = Array("1234567890*#")
        return keys.sorted { (order.firstIndex(of: $0) ?? order.count) < (order.firstIndex(of: $1) ?? order.count) }
    }
}

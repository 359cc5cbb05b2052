/// Routing in one context, in words: normalization, rules tried, the match, safety.
extension ExplanationWriter {
    /// Explains `dialplan.route(context:number:)` and, unless refused, the steps it returns.
    @discardableResult
    mutating func explainRouting(context name: String, number dialed: String) -> RouteResult {
        let route = dialplan.route(context: name, number: dialed)
        guard let context = dialplan.contexts[name] else {
            let fix = Suggestion.fix(for: name, among: Array(dialplan.contexts.keys), listing: "contexts")
            say("refused: no context named '\(name)' (\(fix)) → hangup \(route.refusal?.cause ?? "interworking")")
            return route
        }
        say("context \(name): country \(context.country.isoCode), kind \(context.kind.rawValue)")
        let number: NormalizedNumber
        do {
            number = try NumberNormalizer.normalize(dialed, country: context.country)
        } catch {
            say("number: \"\(dialed)\" is not a number: \(error)")
            say("refused: invalid number → hangup \(route.refusal?.cause ?? "invalid_number_format")")
            return route
        }
        say(ExplanationText.normalization(dialed: dialed, number: number, country: context.country))
        sayRulesTried(context.rules, upTo: route.ruleIndex ?? context.rules.count)
        guard let index = route.ruleIndex, context.rules.indices.contains(index) else {
            say("refused: no rule matches \(number.number) → hangup \(route.refusal?.cause ?? "unallocated_number")")
            return route
        }
        let rule = context.rules[index]
        say("matched rule \(index) at \(rule.location): \(rule.match.displayName)")
        for (capture, value) in route.captures.sorted(by: { $0.key < $1.key }) {
            say("capture \(capture) = \(value)")
        }
        if let refusal = route.refusal {
            say("safety: refused: " + ExplanationText.safetyRefusal(refusal, number: number.number) + " → hangup \(refusal.cause)")
            return route
        }
        say("safety: " + ExplanationText.safetyVerdict(number: number, context: context, rule: rule))
        variables["context"] = name
        variables["number"] = number.number
        variables["dialed"] = variables["dialed"] ?? dialed
        for (capture, value) in route.captures { variables[capture] = value }
        say("steps:")
        nested { $0.explain(route.steps, end: .hangUp) }
        return route
    }

    private mutating func sayRulesTried(_ rules: [Rule], upTo end: Int) {
        let tried = min(end, rules.count)
        for index in 0..<min(tried, Self.maxRulesListed) {
            say("rule \(index) (\(rules[index].match.displayName)) does not match")
        }
        if tried > Self.maxRulesListed {
            say("… and \(tried - Self.maxRulesListed) more rules do not match")
        }
    }
}

/// What routing decided for one dialed number in one context.
public struct RouteResult: Sendable, Hashable {
    public var context: String
    public var dialed: String
    /// The normalized number rules saw; nil when the dialed text is not a number.
    public var normalized: String?
    /// Index of the matched rule in its context, when one matched.
    public var ruleIndex: Int?
    public var ruleLocation: SourceLocation?
    /// Named captures of a regular-expression rule.
    public var captures: [String: String]
    /// What to do: the rule's steps, or a single hangup when refused.
    public var steps: [Step]
    public var refusal: Refusal?
}

extension Dialplan {
    /// Normalizes `number` for `context`, then runs the first rule that matches it.
    ///
    /// Never fails: an unknown context, a malformed number, no matching rule and a refused
    /// destination all come back as a `refusal` with a hangup step.
    public func route(context name: String, number dialed: String) -> RouteResult {
        var result = RouteResult(context: name, dialed: dialed, normalized: nil, ruleIndex: nil,
                                 ruleLocation: nil, captures: [:], steps: [], refusal: nil)
        func refuse(_ refusal: Refusal) -> RouteResult {
            result.refusal = refusal
            result.steps = [.hangup(cause: refusal.cause)]
            return result
        }
        guard let context = contexts[name] else { return refuse(.unknownContext(name)) }
        let number: NormalizedNumber
        do {
            number = try NumberNormalizer.normalize(dialed, country: context.country)
        } catch {
            return refuse(.invalidNumber(error))
        }
        result.normalized = number.number
        for (index, rule) in context.rules.enumerated() {
            guard let captures = rule.match.match(number.number) else { continue }
            result.ruleIndex = index
            result.ruleLocation = rule.location
            if let refusal = Safety.refusal(number: number, context: context, rule: rule) {
                return refuse(refusal)
            }
            result.captures = captures
            result.steps = rule.steps
            return result
        }
        return refuse(.noMatchingRule)
    }
}

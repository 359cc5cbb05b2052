import Foundation

extension CallLinkDraft {
    /// The link this draft makes at `now`, or the first mistake in it.
    ///
    /// Without `validUntil` (and without `neverExpires`), the link expires 24 hours after
    /// it opens: a link forgotten in an e-mail should not take calls for ever.
    public func definition(id: String, createdBy: String, now: Date,
                           targets: CallLinkTargets) throws(CallLinkDraftError) -> CallLinkDefinition {
        let label = label.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...100).contains(label.count), !label.contains(where: \.isControl) else {
            throw CallLinkDraftError(field: "label", "Give the link a name of 1 to 100 characters, so you can find it again.")
        }
        let displayName = displayName?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let displayName, displayName.count > 100 || displayName.contains(where: \.isControl) {
            throw CallLinkDraftError(field: "displayName", "The display name must be at most 100 characters on one line.")
        }
        var destination = destination
        if case .number(let number, let context) = destination {
            destination = .number(CallLinkNumber.cleaned(number), context: context)
        }
        if let problem = targets.problem(with: destination) { throw problem }
        if neverExpires, validUntil != nil {
            throw CallLinkDraftError(field: "validUntil", "A link that never expires has no end time: clear one of the two.")
        }
        let opens = validFrom ?? now
        let validUntil = neverExpires ? nil : (validUntil ?? opens.addingTimeInterval(CallLinkDefinition.defaultLifetime))
        if let validUntil {
            guard validUntil > now else {
                throw CallLinkDraftError(field: "validUntil", "The end is already past: the link could never be used.")
            }
            guard validUntil > opens else {
                throw CallLinkDraftError(field: "validUntil", "The end must come after the start.")
            }
        }
        return CallLinkDefinition(
            id: id, label: label, destination: destination,
            displayName: displayName.flatMap { $0.isEmpty ? nil : $0 }, dialPad: dialPad,
            validFrom: validFrom, validUntil: validUntil, hours: hours, oneTime: oneTime,
            createdBy: createdBy, createdAt: now)
    }
}

extension Character {
    var isControl: Bool { unicodeScalars.contains { $0.properties.generalCategory == .control } }
}

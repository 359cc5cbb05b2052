// Typed reading of attribute lists, shared by the session level and media sections.

extension Array where Element == SDPAttribute {
    func values(named name: String) -> [String] {
        compactMap { $0.hasName(name) ? ($0.value ?? "") : nil }
    }

    func firstValue(named name: String) -> String? {
        for attribute in self where attribute.hasName(name) {
            return attribute.value ?? ""
        }
        return nil
    }

    /// RFC 8866 §6.7: the last direction attribute wins if a peer sends several.
    var direction: MediaDirection? {
        var found: MediaDirection?
        for attribute in self where attribute.value == nil {
            if let direction = MediaDirection(rawValue: attribute.name.lowercased()) {
                found = direction
            }
        }
        return found
    }

    var fingerprints: [Fingerprint] {
        values(named: "fingerprint").compactMap(Fingerprint.init(attributeValue:))
    }

    var setup: SetupRole? {
        firstValue(named: "setup").flatMap { SetupRole(rawValue: $0.trimmedSpaces.lowercased()) }
    }

    var iceOptions: [String] {
        values(named: "ice-options").flatMap { $0.split(separator: " ").map(String.init) }
    }
}

extension StringProtocol {
    /// The text without leading or trailing spaces and tabs.
    var trimmedSpaces: String {
        var view = Substring(self)
        while let first = view.first, first == " " || first == "\t" { view = view.dropFirst() }
        while let last = view.last, last == " " || last == "\t" { view = view.dropLast() }
        return String(view)
    }
}

import Foundation

/// Collects the lines of a `RouteExplanation` while walking routes and steps.
///
/// The walk mirrors `DialplanRun` without running anything: it knows the variables routing
/// and `set` give, evaluates schedules at one fixed date, and leaves what only a live call
/// knows (the caller, collected digits) as `${name}`. Menus, branches and `goto`s can fan
/// out, so the walk is bounded: `goto` is followed `maxGotoDepth` levels deep, each menu is
/// spelled out once, and the whole text stops at `maxLines`.
struct ExplanationWriter {
    let dialplan: Dialplan
    let date: Date
    private(set) var lines: [String] = []
    var indent = 0
    /// Variables whose value is known without a live call.
    var variables: [String: String] = [:]
    var gotoDepth = 0
    /// Menus already spelled out; a second visit refers back to the first.
    var menusShown: Set<String> = []
    private(set) var truncated = false

    static let maxGotoDepth = 5
    static let maxLines = 2000
    /// Rules that did not match are listed up to this many; the rest are counted.
    static let maxRulesListed = 50

    init(dialplan: Dialplan, date: Date) {
        self.dialplan = dialplan
        self.date = date
    }

    mutating func say(_ text: String) {
        guard lines.count < Self.maxLines else {
            truncated = true
            return
        }
        lines.append(String(repeating: "  ", count: indent) + text)
    }

    /// The lines, with a last one saying so when the limit cut them short.
    var finishedLines: [String] {
        truncated ? lines + ["… explanation cut at \(Self.maxLines) lines"] : lines
    }

    /// `text` with the known variables filled in; unknown ones stay as `${name}`.
    func expand(_ template: Template) -> String {
        template.parts.map { part in
            switch part {
            case .text(let text): return text
            case .variable(let name): return variables[name] ?? "${\(name)}"
            }
        }.joined()
    }

    /// The value, when every variable the template uses is known.
    func knownValue(_ template: Template) -> String? {
        template.variables.allSatisfy { variables[$0] != nil } ? template.expand(variables) : nil
    }

    /// "+1212555${ext}" or, when the text has variables, "+1212555${ext} = +12125550142".
    func shown(_ template: Template) -> String {
        let expanded = expand(template)
        let written = template.description
        return written == expanded ? quotedIfNeeded(written) : "\(quotedIfNeeded(written)) = \(quotedIfNeeded(expanded))"
    }

    private func quotedIfNeeded(_ text: String) -> String {
        text.isEmpty || text.contains(" ") ? "\"\(text)\"" : text
    }

    /// Runs `body` one level deeper.
    mutating func nested(_ body: (inout ExplanationWriter) -> Void) {
        indent += 1
        body(&self)
        indent -= 1
    }
}

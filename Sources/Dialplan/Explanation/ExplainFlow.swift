/// Branches, menus and digit collection in words.
extension ExplanationWriter {
    /// A condition's verdict without a live call: unknown when it needs the caller or digits.
    enum Truth: Equatable {
        case yes, no, unknown

        var negated: Truth {
            switch self {
            case .yes: return .no
            case .no: return .yes
            case .unknown: return .unknown
            }
        }
    }

    /// Both branches, the one taken marked; schedules are judged at `date`.
    mutating func explainBranch(_ condition: Condition, then: [Step], otherwise: [Step]) {
        let (truth, details) = evaluate(condition)
        let verdict: String
        switch truth {
        case .yes: verdict = "true"
        case .no: verdict = "false"
        case .unknown: verdict = "depends on the call"
        }
        say("if \(ConditionText.describe(condition)): \(verdict)")
        let before = variables
        var afterThen = before
        var afterElse = before
        nested { writer in
            for detail in details { writer.say(detail) }
            writer.say(truth == .yes ? "then (taken):" : "then:")
            writer.nested { $0.explain(then, end: .goOn) }
            afterThen = writer.variables
            writer.variables = before
            writer.say(truth == .no ? "else (taken):" : "else:")
            writer.nested { $0.explain(otherwise, end: .goOn) }
            afterElse = writer.variables
        }
        switch truth {
        case .yes: variables = afterThen
        case .no: variables = afterElse
        case .unknown: variables = afterThen.filter { afterElse[$0.key] == $0.value }
        }
    }

    /// Every part must hold; each part gives one line of why.
    private func evaluate(_ condition: Condition) -> (Truth, [String]) {
        var truths: [Truth] = []
        var details: [String] = []
        if let name = condition.schedule {
            if let schedule = dialplan.schedules[name] {
                truths.append(schedule.isOpen(at: date) ? .yes : .no)
                details.append("schedule \(name): \(schedule.explain(at: date))")
            } else {
                truths.append(.no)
                details.append("schedule \(name): not defined, so never open")
            }
        }
        if let caller = condition.caller {
            truths.append(.unknown)
            details.append("caller matches \(caller.displayName): depends on the caller")
        }
        for (name, expected) in condition.variables.sorted(by: { $0.key < $1.key }) {
            if let value = variables[name] {
                truths.append(value == expected ? .yes : .no)
                details.append("\(name) = \(expected): \(value == expected ? "yes" : "no, it is \"\(value)\"")")
            } else {
                truths.append(.unknown)
                details.append("\(name) = \(expected): depends on the call")
            }
        }
        let combined: Truth = truths.contains(.no) ? .no : (truths.contains(.unknown) ? .unknown : .yes)
        return (condition.negated ? combined.negated : combined, details)
    }

    /// The prompt, each key and its steps, then timeout, attempts and the failure steps.
    mutating func explainMenu(named name: String) {
        guard let menu = dialplan.menus[name] else {
            say("menu \(name): not defined → hangup interworking")
            return
        }
        guard !menusShown.contains(name) else {
            say("menu \(name) (as shown above)")
            return
        }
        menusShown.insert(name)
        say("menu \(name) (\(menu.location))")
        let saved = variables
        nested { writer in
            writer.say("prompt: " + (menu.prompt.isEmpty ? "none" : ExplanationText.playItems(menu.prompt)))
            for key in ExplanationText.padOrder(menu.options.keys) {
                guard let steps = menu.options[key], !writer.truncated else { continue }
                writer.say("key \(key):")
                writer.nested { $0.explain(steps, end: .backToMenu(name)) }
                writer.variables = saved
            }
            var wait = "waits \(menu.timeoutSeconds) s for a key; \(menu.attempts) attempts in all"
            if !menu.invalidPrompt.isEmpty { wait += "; a wrong key plays " + ExplanationText.playItems(menu.invalidPrompt) }
            if !menu.timeoutPrompt.isEmpty { wait += "; silence plays " + ExplanationText.playItems(menu.timeoutPrompt) }
            writer.say(wait)
            writer.say("on failure:")
            writer.nested { $0.explain(menu.onFailure, end: .hangUp) }
        }
        variables = saved
    }

    /// The limits of the digits, the prompts and the failure steps; the variable becomes unknown.
    mutating func explainCollect(_ collect: CollectStep) {
        let count = collect.minDigits == collect.maxDigits
            ? "\(collect.minDigits) digits" : "\(collect.minDigits) to \(collect.maxDigits) digits"
        let ending = collect.terminator.map { "ends with \($0) or " } ?? "ends "
        say("collect into \(collect.variable): \(count), \(ending)\(collect.timeoutSeconds) s after the last key; "
            + "\(collect.attempts) attempts")
        nested { writer in
            if !collect.prompt.isEmpty { writer.say("prompt: " + ExplanationText.playItems(collect.prompt)) }
            if !collect.invalidPrompt.isEmpty {
                writer.say("too few digits plays " + ExplanationText.playItems(collect.invalidPrompt))
            }
            writer.say("on failure (\(collect.variable) left empty):")
            writer.nested { $0.explain(collect.onFailure, end: .goOn) }
            if collect.onFailure.last?.endsSteps != true {
                writer.say("then the steps after the collect go on")
            }
        }
        variables[collect.variable] = nil
    }
}

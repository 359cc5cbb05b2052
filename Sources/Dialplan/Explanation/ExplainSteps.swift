/// Steps in words, one line each, with the lines of nested steps indented below.
extension ExplanationWriter {
    /// What happens when a step list runs out without handing the call over (see `DialplanRun`).
    enum ListEnd {
        /// A rule's or a failure list's steps: the call ends.
        case hangUp
        /// A menu key's steps: the menu is offered again.
        case backToMenu(String)
        /// A branch or a `collect` failure list: the steps after it go on.
        case goOn
    }

    mutating func explain(_ steps: [Step], end: ListEnd) {
        for step in steps {
            guard !truncated else { return }
            explain(step)
        }
        guard steps.last?.endsSteps != true else { return }
        switch end {
        case .hangUp:
            switch (steps.contains(where: \.mayDial), steps.contains(where: \.mayRingAgents)) {
            case (true, false): say("end of steps (reached when the dial fails): hangup with the dial's failure cause")
            case (false, true): say("end of steps (reached when no agent takes the call): hangup with the agents step's cause")
            case (true, true): say("end of steps (reached when the dial or the agents step fails): hangup with its failure cause")
            case (false, false): say("end of steps: hangup normal_clearing")
            }
        case .backToMenu(let name):
            say("end of steps: back to menu \(name)")
        case .goOn:
            if steps.isEmpty { say("nothing") }
        }
    }

    private mutating func explain(_ step: Step) {
        switch step {
        case .answer:
            say("answer")
        case .play(let items):
            say("play " + ExplanationText.playItems(items))
        case .set(let variable, let value):
            say("set \(variable) = \(shown(value))")
            if let known = knownValue(value) { variables[variable] = known } else { variables[variable] = nil }
        case .caller(let change):
            explainCaller(change)
        case .dial(let dial):
            explainDial(dial)
        case .agents(let agents):
            explainAgents(agents)
        case .collect(let collect):
            explainCollect(collect)
        case .branch(let condition, let then, let otherwise):
            explainBranch(condition, then: then, otherwise: otherwise)
        case .menu(let name):
            explainMenu(named: name)
        case .goto(let context, let number):
            explainGoto(context, number: number)
        case .echo:
            say("echo: the caller hears themselves until they hang up")
        case .hangup(let cause):
            say("hangup \(cause)")
        }
    }

    private mutating func explainCaller(_ change: CallerChange) {
        var parts: [String] = []
        if let number = change.number {
            parts.append("number \(shown(number))")
            variables["caller"] = knownValue(number)
        }
        if let name = change.name {
            parts.append("name \(shown(name))")
            variables["caller_name"] = knownValue(name)
        }
        if let privacy = change.privacy {
            parts.append(privacy ? "privacy on (shown as anonymous)" : "privacy off")
        }
        say("caller: " + parts.joined(separator: ", "))
    }

    /// The final number (template, then rewrite), the failover order and the timers.
    private mutating func explainDial(_ dial: DialStep) {
        let routed = dial.number.map(expand) ?? variables["number"] ?? "${number}"
        let routedKnown = dial.number.map { knownValue($0) != nil } ?? (variables["number"] != nil)
        let rewritten = dial.rewrite.strip == 0 && dial.rewrite.prepend.isEmpty
        let final = routedKnown ? dial.rewrite.apply(to: routed) : routed
        var trunks = dial.trunks.first ?? ""
        if dial.trunks.count > 1 {
            trunks += ", then " + dial.trunks.dropFirst().joined(separator: ", then ")
        }
        say("dial \(final) via \(trunks)")
        nested { writer in
            if let number = dial.number { writer.say("number: \(writer.shown(number))") }
            if !rewritten {
                let rule = "strip \(dial.rewrite.strip), prepend \"\(dial.rewrite.prepend)\""
                writer.say(routedKnown ? "rewrite: \(routed) → \(rule) → \(final)"
                                       : "rewrite: \(rule), applied once the number is known")
            }
            if dial.trunks.count > 1 {
                writer.say("failover: each next trunk is tried when the one before fails before answer")
            }
            if let timeout = dial.answerTimeoutSeconds {
                writer.say("answer timeout \(timeout) s per trunk")
            }
            if let duration = dial.maxDurationSeconds {
                writer.say("max duration \(duration) s after answer")
            }
            if let callerId = dial.callerId {
                writer.say("caller ID: \(writer.shown(callerId))")
            }
        }
    }

    /// Who is rung, how long the caller may wait and what they hear meanwhile.
    private mutating func explainAgents(_ step: AgentsStep) {
        switch step.target {
        case .group(let name): say("agents: ring group \(name), the caller waits up to \(step.maxWaitSeconds) s")
        case .agent(let agent): say("agents: ring agent \(shown(agent)), the caller waits up to \(step.maxWaitSeconds) s")
        }
        nested { writer in
            writer.say("while no agent rings: " + (step.music.map { "music \($0), looped" } ?? "ringback tone"))
            if let every = step.announceEverySeconds {
                writer.say("queue position announced every \(every) s (queue-position, then digit-0 … digit-9)")
            }
            writer.say("an agent answers: connected; nobody takes the call: the steps after this one run")
        }
    }

    /// Follows the `goto` into its context, `maxGotoDepth` levels at most.
    private mutating func explainGoto(_ context: String, number: Template?) {
        let next = number.map(expand) ?? variables["number"] ?? "${number}"
        let known = number.map { knownValue($0) != nil } ?? (variables["number"] != nil)
        let shownNumber = number.map(shown) ?? next
        say("goto \(context) with number \(shownNumber)")
        guard known else {
            nested { $0.say("not followed: the number is known only during the call") }
            return
        }
        guard gotoDepth < Self.maxGotoDepth else {
            nested { $0.say("not followed: more than \(Self.maxGotoDepth) levels of goto") }
            return
        }
        gotoDepth += 1
        let saved = variables
        nested { $0.explainRouting(context: context, number: next) }
        variables = saved
        gotoDepth -= 1
    }
}

import CoreTypes

extension DialplanRun {
    /// Routes `number` in `name` and makes the matched rule's steps the ones to run next (a
    /// `goto` lands here too; the step loop goes on, so a chain of gotos does not nest calls).
    mutating func enter(context name: String, number: String) {
        let route = dialplan.route(context: name, number: number)
        context = name
        if contextsEntered.count < 100 { contextsEntered.append(name) }
        variables["context"] = name
        variables["number"] = route.normalized ?? number
        for (key, value) in route.captures { variables[key] = value }
        matchedRule = route.ruleIndex.flatMap { index in dialplan.contexts[name]?.rules[index] }
        if let refusal = route.refusal {
            note("\(name): \(number) refused: \(refusal)")
        } else if let index = route.ruleIndex, let location = route.ruleLocation {
            note("\(name): \(route.normalized ?? number) matched rule \(index) at \(location)")
        }
        stack = [Frame(steps: route.steps)]
    }

    /// Runs steps until one waits for the caller, the media or the far end, or the call ends.
    mutating func runSteps(time: DialplanTime, actions: inout [DialplanAction]) {
        while let step = nextStep() {
            stepsSinceWait += 1
            if stepsSinceWait > Self.stepBudget {
                note("more than \(Self.stepBudget) steps without waiting for the caller: a goto or menu loop")
                finish(cause: "interworking", actions: &actions)
                return
            }
            if run(step, time: time, actions: &actions) { return }
        }
    }

    /// The next step to run, unwinding finished frames; nil once the call is handed over.
    private mutating func nextStep() -> Step? {
        while let top = stack.last {
            if top.index < top.steps.count {
                stack[stack.count - 1].index += 1
                return top.steps[top.index]
            }
            stack.removeLast()
            if case .returnToMenu(let name) = top.exit, let menu = dialplan.menus[name] {
                return .menu(name: menu.name)
            }
        }
        // Out of steps without a hangup: end the way the last dial failed, or normally.
        return .hangup(cause: lastDialFailure ?? "normal_clearing")
    }

    /// Runs one step; true when the run must wait (or has ended).
    private mutating func run(_ step: Step, time: DialplanTime, actions: inout [DialplanAction]) -> Bool {
        switch step {
        case .answer:
            answerIfNeeded(&actions)
        case .play(let items):
            answerIfNeeded(&actions)
            state = .playing
            actions.append(.play(items))
            return true
        case .set(let variable, let value):
            variables[variable] = value.expand(variables)
        case .caller(let change):
            if let number = change.number { caller.number = number.expand(variables) }
            if let name = change.name { caller.name = name.expand(variables) }
            if let privacy = change.privacy { caller.privacy = privacy }
            variables["caller"] = caller.number
            variables["caller_name"] = caller.name ?? ""
        case .dial(let dial):
            let routed = dial.number.map { $0.expand(variables) } ?? variables["number"] ?? ""
            var presented = caller
            if let callerId = dial.callerId { presented.number = callerId.expand(variables) }
            if let refusal = dialRefusal(dial, number: routed) {
                note("dial \(routed) refused: \(refusal)")
                finish(cause: refusal.cause, actions: &actions)
                return true
            }
            let request = DialRequest(trunks: dial.trunks, number: dial.rewrite.apply(to: routed), caller: presented,
                                      answerTimeoutSeconds: dial.answerTimeoutSeconds, maxDurationSeconds: dial.maxDurationSeconds)
            note("dial \(request.number) via \(dial.trunks.joined(separator: ", "))")
            state = .dialing
            actions.append(.dial(request))
            return true
        case .agents(let step):
            let request = agentsRequest(step)
            if case .agent(let agent) = request.target, agent.isEmpty {
                // "${ext}" of a collect that gave nothing: no one to ring, as for an unknown agent.
                note("agents: no agent named, the step fails with unallocated_number")
                lastDialFailure = "unallocated_number"
                return false
            }
            note(AgentsText.trace(request))
            state = .dialing
            ringingAgents = true
            actions.append(.agents(request))
            return true
        case .collect(let collectStep):
            answerIfNeeded(&actions)
            startCollect(collectStep, time: time, actions: &actions)
            return true
        case .branch(let condition, let then, let otherwise):
            let holds = evaluate(condition, time: time)
            note("if \(ConditionText.describe(condition)): \(holds ? "then" : "else")")
            stack.append(Frame(steps: holds ? then : otherwise))
        case .menu(let name):
            guard let menu = dialplan.menus[name] else {
                finish(cause: "interworking", actions: &actions)
                return true
            }
            answerIfNeeded(&actions)
            stack = []
            startMenu(menu, time: time, actions: &actions)
            return true
        case .goto(let target, let number):
            let next = number.map { $0.expand(variables) } ?? variables["number"] ?? ""
            note("goto \(target)")
            enter(context: target, number: next)
        case .echo:
            answerIfNeeded(&actions)
            state = .connected
            actions.append(.echo)
            return true
        case .hangup(let cause):
            finish(cause: cause, actions: &actions)
            return true
        }
        return false
    }

    /// Premium and (for web users) international numbers are checked again where they are
    /// dialed: a dial in a menu option, after a goto or with its own `number:` is held to the
    /// same policy as one written on the matched rule (see `Safety`).
    private func dialRefusal(_ dial: DialStep, number: String) -> Refusal? {
        guard var policy = dialplan.contexts[context],
              let normalized = try? NumberNormalizer.normalize(number, country: policy.country) else { return nil }
        policy.kind = originKind
        var rule = matchedRule ?? Rule(match: .exact(""), steps: [], location: policy.location)
        rule.steps = [.dial(dial)]
        rule.allow.formUnion(dial.allow)
        return Safety.refusal(number: normalized, context: policy, rule: rule)
    }

    /// The step with its agent template filled in and the call's caller and keys.
    private func agentsRequest(_ step: AgentsStep) -> AgentsRequest {
        let target: AgentsRequest.Target
        switch step.target {
        case .group(let name): target = .group(name)
        case .agent(let agent): target = .agent(agent.expand(variables))
        }
        return AgentsRequest(target: target, maxWaitSeconds: step.maxWaitSeconds, music: step.music,
                             announceEverySeconds: step.announceEverySeconds, caller: caller, keys: keys)
    }

    mutating func answerIfNeeded(_ actions: inout [DialplanAction]) {
        guard !isAnswered else { return }
        isAnswered = true
        actions.append(.answer)
    }

    mutating func finish(cause: String, actions: inout [DialplanAction]) {
        stopTimer(&actions)
        stack = []
        menu = nil
        collect = nil
        state = .finished(cause: cause)
        note("hangup \(cause)")
        actions.append(.hangup(cause: cause))
    }

    /// A new timer id, so a late firing of a replaced timer is ignored.
    mutating func startTimer(seconds: Int, time: DialplanTime, actions: inout [DialplanAction]) {
        timerID += 1
        runningTimer = timerID
        actions.append(.startTimer(id: timerID, deadline: time.instant + .seconds(seconds)))
    }

    /// Cancels the running timer, if any; its firing, already on its way, is then ignored.
    mutating func stopTimer(_ actions: inout [DialplanAction]) {
        guard runningTimer != nil else { return }
        runningTimer = nil
        actions.append(.cancelTimer)
    }

    private func evaluate(_ condition: Condition, time: DialplanTime) -> Bool {
        var holds = true
        if let name = condition.schedule {
            holds = holds && (dialplan.schedules[name]?.isOpen(at: time.wall) ?? false)
        }
        if let pattern = condition.caller {
            let country = dialplan.contexts[context]?.country ?? Country.fallback
            let number = (try? NumberNormalizer.normalize(caller.number, country: country).number) ?? caller.number
            holds = holds && pattern.match(number) != nil
        }
        for (name, value) in condition.variables {
            holds = holds && variables[name] == value
        }
        return condition.negated ? !holds : holds
    }
}

/// One-line descriptions of conditions for traces and explanations.
enum ConditionText {
    static func describe(_ condition: Condition) -> String {
        var parts: [String] = []
        if let schedule = condition.schedule { parts.append("schedule \(schedule) is open") }
        if let caller = condition.caller { parts.append("caller matches \(caller.displayName)") }
        for (name, value) in condition.variables.sorted(by: { $0.key < $1.key }) { parts.append("\(name) = \(value)") }
        let text = parts.joined(separator: " and ")
        return condition.negated ? "not (\(text))" : text
    }
}

/// Menus and digit collection: prompts with barge-in, timeouts, wrong keys and retries.
extension DialplanRun {
    // MARK: Menus

    mutating func startMenu(_ menu: Menu, time: DialplanTime, actions: inout [DialplanAction]) {
        note("menu \(menu.name)")
        if menusEntered.count < 100 { menusEntered.append(menu.name) }
        self.menu = MenuProgress(menu: menu)
        state = .inMenu(menu.name)
        offerMenu(time: time, actions: &actions)
    }

    /// Plays the menu prompt; the wait for a key starts when it ends.
    private mutating func offerMenu(time: DialplanTime, actions: inout [DialplanAction]) {
        guard let progress = menu else { return }
        menu?.promptPlaying = true
        menu?.noticePlaying = false
        stopTimer(&actions)
        if progress.menu.prompt.isEmpty {
            menuPlaybackFinished(time: time, actions: &actions)
        } else {
            actions.append(.play(progress.menu.prompt))
        }
    }

    mutating func menuPlaybackFinished(time: DialplanTime, actions: inout [DialplanAction]) {
        guard let progress = menu else { return }
        if progress.noticePlaying {
            offerMenu(time: time, actions: &actions)
        } else {
            menu?.promptPlaying = false
            startTimer(seconds: progress.menu.timeoutSeconds, time: time, actions: &actions)
        }
    }

    mutating func menuDigit(_ key: Character, time: DialplanTime, actions: inout [DialplanAction]) {
        guard let progress = menu else { return }
        if progress.promptPlaying || progress.noticePlaying { actions.append(.stopPlayback) }
        stopTimer(&actions)
        guard let steps = progress.menu.options[key] else {
            note("menu \(progress.menu.name): key \(key) is not an option")
            retryMenu(notice: progress.menu.invalidPrompt, time: time, actions: &actions)
            return
        }
        note("menu \(progress.menu.name): key \(key)")
        menu = nil
        stack = [Frame(steps: steps, exit: .returnToMenu(progress.menu.name))]
        state = .idle
        runSteps(time: time, actions: &actions)
    }

    mutating func menuTimeout(time: DialplanTime, actions: inout [DialplanAction]) {
        guard let progress = menu else { return }
        note("menu \(progress.menu.name): no key within \(progress.menu.timeoutSeconds) s")
        retryMenu(notice: progress.menu.timeoutPrompt, time: time, actions: &actions)
    }

    /// Another try after a wrong key or silence, or the failure steps once tries are used up.
    private mutating func retryMenu(notice: [PlayItem], time: DialplanTime, actions: inout [DialplanAction]) {
        guard let progress = menu else { return }
        guard progress.attempt < progress.menu.attempts else {
            note("menu \(progress.menu.name): \(progress.menu.attempts) tries used, running on_failure")
            menu = nil
            stack = [Frame(steps: progress.menu.onFailure)]
            state = .idle
            runSteps(time: time, actions: &actions)
            return
        }
        menu?.attempt += 1
        if notice.isEmpty {
            offerMenu(time: time, actions: &actions)
        } else {
            menu?.promptPlaying = false
            menu?.noticePlaying = true
            actions.append(.play(notice))
        }
    }

    // MARK: Collecting digits

    mutating func startCollect(_ step: CollectStep, time: DialplanTime, actions: inout [DialplanAction]) {
        collect = CollectProgress(step: step)
        state = .collecting(step.variable)
        promptCollect(time: time, actions: &actions)
    }

    private mutating func promptCollect(time: DialplanTime, actions: inout [DialplanAction]) {
        guard let progress = collect else { return }
        collect?.digits = ""
        collect?.noticePlaying = false
        if progress.step.prompt.isEmpty {
            collect?.promptPlaying = false
            startTimer(seconds: progress.step.timeoutSeconds, time: time, actions: &actions)
        } else {
            collect?.promptPlaying = true
            actions.append(.play(progress.step.prompt))
        }
    }

    mutating func collectPlaybackFinished(time: DialplanTime, actions: inout [DialplanAction]) {
        guard let progress = collect else { return }
        if progress.noticePlaying {
            promptCollect(time: time, actions: &actions)
        } else {
            collect?.promptPlaying = false
            startTimer(seconds: progress.step.timeoutSeconds, time: time, actions: &actions)
        }
    }

    mutating func collectDigit(_ key: Character, time: DialplanTime, actions: inout [DialplanAction]) {
        guard let progress = collect else { return }
        if progress.noticePlaying { return }  // keys during "that was not valid" are dropped
        if progress.promptPlaying {
            actions.append(.stopPlayback)
            collect?.promptPlaying = false
        }
        if key == progress.step.terminator {
            endCollect(time: time, actions: &actions)
            return
        }
        collect?.digits.append(key)
        if (collect?.digits.count ?? 0) >= progress.step.maxDigits {
            endCollect(time: time, actions: &actions)
        } else {
            // The timeout runs from the last key (inter-digit timeout).
            startTimer(seconds: progress.step.timeoutSeconds, time: time, actions: &actions)
        }
    }

    mutating func collectTimeout(time: DialplanTime, actions: inout [DialplanAction]) {
        endCollect(time: time, actions: &actions)
    }

    /// Stores the digits and goes on, or retries when too few were pressed.
    private mutating func endCollect(time: DialplanTime, actions: inout [DialplanAction]) {
        guard let progress = collect else { return }
        stopTimer(&actions)
        if progress.digits.count >= progress.step.minDigits {
            variables[progress.step.variable] = progress.digits
            note("collected \(progress.step.variable) = \(progress.digits)")
            collect = nil
            state = .idle
            runSteps(time: time, actions: &actions)
            return
        }
        note("collect \(progress.step.variable): \(progress.digits.count) digits, at least \(progress.step.minDigits) needed")
        guard progress.attempt < progress.step.attempts else {
            collect = nil
            state = .idle
            variables[progress.step.variable] = ""
            stack.append(Frame(steps: progress.step.onFailure))
            runSteps(time: time, actions: &actions)
            return
        }
        collect?.attempt += 1
        if progress.step.invalidPrompt.isEmpty {
            promptCollect(time: time, actions: &actions)
        } else {
            collect?.digits = ""
            collect?.noticePlaying = true
            actions.append(.play(progress.step.invalidPrompt))
        }
    }
}

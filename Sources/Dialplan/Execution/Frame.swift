/// A list of steps being run, and where to go when it runs out.
struct Frame: Sendable {
    enum Exit: Sendable {
        /// Go on with the frame below (branches, failure steps of a `collect`).
        case resume
        /// Offer the menu again: a key's steps finished without handing the call over.
        case returnToMenu(String)
    }

    var steps: [Step]
    var index = 0
    var exit: Exit

    init(steps: [Step], exit: Exit = .resume) {
        self.steps = steps
        self.exit = exit
    }
}

/// Where a caller is in a menu.
struct MenuProgress: Sendable {
    var menu: Menu
    /// 1 for the first offer.
    var attempt = 1
    /// True while the menu prompt plays (a key interrupts it); false while waiting for a key
    /// or playing the invalid/timeout notice.
    var promptPlaying = true
    var noticePlaying = false
}

/// Digits collected so far for a `collect` step.
struct CollectProgress: Sendable {
    var step: CollectStep
    var digits = ""
    var attempt = 1
    var promptPlaying = false
    var noticePlaying = false
}

import Config
import Dialplan
import Foundation
import Logging
import Store

/// Loads, checks, swaps and stores dialplan versions: at start-up, when a file changes,
/// on SIGHUP and through the admin API.
///
/// A version replaces the running one only when every file loads without a finding, its
/// prompts decode and all of its `tests:` pass; it is then stored as a revision. Reloads
/// run one at a time (this is an actor); calls read `slot` without waiting.
actor DialplanService {
    let slot = DialplanSlot()
    private let config: DialplansConfig
    private let trunkNames: Set<String>
    /// Names of `agents.groups`, which `agents` steps must use.
    private let agentGroups: Set<String>
    private let store: (any DialplanRevisionStore)?
    /// Whose call-progress tones `tone:` items play (`calls.tone_country`).
    private let toneCountry: String
    private let logger: Logger
    private var lastSeen: DirectorySnapshot?
    /// Loads accepted and refused since start-up, for `/metrics`.
    private var accepted = 0
    private var refused = 0

    init(config: DialplansConfig, trunkNames: Set<String>, agentGroups: Set<String> = [],
         toneCountry: String = "US", store: (any DialplanRevisionStore)?, logger: Logger) {
        self.agentGroups = agentGroups
        self.toneCountry = toneCountry
        self.config = config
        self.trunkNames = trunkNames
        self.store = store
        self.logger = logger
    }

    /// The outcome of checking (and maybe accepting) a set of files.
    struct Outcome: Sendable {
        var accepted: Bool
        /// True when the files equal the running version (nothing was swapped).
        var unchanged = false
        var revision: Int64?
        var findings: [DialplanFinding] = []
        /// Failed `tests:` cases, one line each with file:line.
        var testFailures: [String] = []
        var testsRun = 0

        var summary: String {
            if accepted { return unchanged ? "unchanged" : "accepted as revision \(revision.map(String.init) ?? "-")" }
            return (findings.map(\.description) + testFailures).joined(separator: "\n")
        }
    }

    // MARK: Checking

    /// Loads `files` against the configured trunks and the prompts in the directory, and runs their tests.
    func check(_ files: [DialplanFile]) -> (Outcome, ActiveDialplan?) {
        let promptsDirectory = (config.directory as NSString).appendingPathComponent("prompts")
        var (prompts, promptProblems) = PromptLibrary.load(directory: promptsDirectory)
        prompts.toneCountry = toneCountry
        var outcome = Outcome(accepted: false, findings: promptProblems)
        let dialplan: Dialplan
        do {
            dialplan = try DialplanLoader.load(files: files, references: DialplanReferences(trunks: trunkNames, prompts: prompts.names,
                                                                                              agentGroups: agentGroups))
        } catch {
            outcome.findings += error.findings
            return (outcome, nil)
        }
        let results = DialplanTests.run(dialplan)
        outcome.testsRun = results.count
        outcome.testFailures = results.filter { !$0.passed }.map { result in
            "\(result.testCase.location): test \(result.testCase.from) → \(result.testCase.to): "
                + result.failures.joined(separator: "; ")
        }
        guard outcome.findings.isEmpty, outcome.testFailures.isEmpty else { return (outcome, nil) }
        outcome.accepted = true
        return (outcome, ActiveDialplan(dialplan: dialplan, prompts: prompts, revision: nil, files: files, loadedAt: Date()))
    }

    // MARK: Loading

    /// Reads the directory and swaps the new version in when it passes; `source` says why
    /// (a `DialplanRevision` source such as "file-change").
    @discardableResult
    func reload(source: String, note: String? = nil) -> Outcome {
        let files: [DialplanFile]
        do {
            files = try DialplanDirectory.readFiles(at: config.directory)
            lastSeen = DirectorySnapshot.take(config.directory)
        } catch {
            let finding = DialplanFinding(file: config.directory, line: 0, column: 0, path: "", problem: "\(error)")
            logger.error("dialplan reload refused", metadata: ["source": "\(source)", "findings": "\(finding)"])
            return Outcome(accepted: false, findings: [finding])
        }
        return accept(files, source: source, note: note)
    }

    /// Checks `files` and, when they pass, makes them the running version and stores them.
    /// `checked` is the result of `check(files)` when the caller already has it.
    func accept(_ files: [DialplanFile], source: String, note: String?,
                checked: (Outcome, ActiveDialplan?)? = nil) -> Outcome {
        var (outcome, candidate) = checked ?? check(files)
        guard let candidate else {
            refused += 1
            logger.error("dialplan refused; the running version stays", metadata: [
                "source": "\(source)", "findings": "\(outcome.summary)"])
            return outcome
        }
        // Files equal to the running ones are swapped in all the same: a prompt may have changed.
        outcome.unchanged = slot.current?.files == files
        accepted += 1
        let revision = storeRevision(files, source: source, note: note)
        outcome.revision = revision
        slot.replace(with: ActiveDialplan(dialplan: candidate.dialplan, prompts: candidate.prompts, revision: revision,
                                          files: files, loadedAt: candidate.loadedAt))
        logger.notice("dialplan loaded", metadata: [
            "source": "\(source)", "revision": "\(revision.map(String.init) ?? "-")",
            "contexts": "\(candidate.dialplan.contexts.count)", "menus": "\(candidate.dialplan.menus.count)",
            "tests": "\(outcome.testsRun)"])
        return outcome
    }

    /// Writes `files` into the directory and accepts them: refused files are not written.
    func save(_ files: [DialplanFile], source: String, note: String?) -> Outcome {
        let named = files.map { DialplanFile(name: (config.directory as NSString).appendingPathComponent(($0.name as NSString).lastPathComponent),
                                             contents: $0.contents) }
        let checked = check(named)
        guard checked.1 != nil else { return checked.0 }
        do {
            try DialplanDirectory.write(named, to: config.directory)
        } catch {
            return Outcome(accepted: false, findings: [DialplanFinding(file: config.directory, line: 0, column: 0, path: "",
                                                                      problem: "cannot write the files: \(error)")])
        }
        lastSeen = DirectorySnapshot.take(config.directory)
        // Written as checked: the prompts are decoded and the tests run once.
        return accept(named, source: source, note: note, checked: checked)
    }

    /// Puts an earlier revision back: written to the directory, checked like any edit.
    func rollback(to id: Int64) -> Outcome {
        guard let store, let revision = try? store.revision(id: id) else {
            return Outcome(accepted: false, findings: [DialplanFinding(file: "", line: 0, column: 0, path: "",
                                                                      problem: "no revision \(id)",
                                                                      fix: "list them with GET /api/dialplans/revisions")])
        }
        let files = revision.files.map { DialplanFile(name: $0.name, contents: $0.contents) }
        return save(files, source: DialplanRevision.rollback, note: "rollback to revision \(id)")
    }

    private func storeRevision(_ files: [DialplanFile], source: String, note: String?) -> Int64? {
        // An empty directory (routing by the `calls:` keys alone) is not a version to keep.
        guard let store, !files.isEmpty else { return nil }
        do {
            let saved = try store.saveRevision(files: files.map { DialplanRevisionFile(name: $0.name, contents: $0.contents) },
                                               source: source, note: note, at: Date())
            if saved.isNew { try store.pruneRevisions(keeping: config.keepRevisions) }
            return saved.revision.id
        } catch {
            logger.error("dialplan revision not stored", metadata: ["error": "\(error)"])
            return nil
        }
    }

    /// `GET /metrics`: the running revision and how loads went.
    func metricsText() -> String {
        var metrics = MetricsText()
        metrics.gauge("gateway_dialplan_revision", help: "Store revision of the running dialplan (0 when not stored).",
                      samples: [([], Double(slot.current?.revision ?? 0))])
        metrics.counter("gateway_dialplan_loads_total", help: "Dialplan versions checked since start-up, by result.",
                        samples: [([("result", "accepted")], Double(accepted)), ([("result", "refused")], Double(refused))])
        return metrics.text
    }

    // MARK: Watching

    /// Checks the directory every `watch_interval_s` and reloads when it changed.
    func watch() async {
        guard config.watch else { return }
        while !Task.isCancelled {
            try? await Task.sleep(for: config.watchInterval)
            let now = DirectorySnapshot.take(config.directory)
            guard now != lastSeen else { continue }
            lastSeen = now
            reload(source: DialplanRevision.fileChange)
        }
    }
}

/// Names, sizes and modification times of the directory's YAML files and prompts: a change
/// in any of them triggers a reload (which then compares contents).
struct DirectorySnapshot: Equatable, Sendable {
    var entries: [String: [Double]]

    static func take(_ directory: String) -> DirectorySnapshot {
        var entries: [String: [Double]] = [:]
        let manager = FileManager.default
        for folder in [directory, (directory as NSString).appendingPathComponent("prompts")] {
            for name in (try? manager.contentsOfDirectory(atPath: folder)) ?? [] {
                let lower = name.lowercased()
                guard lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") || lower.hasSuffix(".wav") else { continue }
                let path = (folder as NSString).appendingPathComponent(name)
                let attributes = (try? manager.attributesOfItem(atPath: path)) ?? [:]
                let size = (attributes[.size] as? NSNumber)?.doubleValue ?? -1
                let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? -1
                entries[path] = [size, modified]
            }
        }
        return DirectorySnapshot(entries: entries)
    }
}

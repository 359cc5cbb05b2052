import ArgumentParser
import Config
import Dialplan
import Foundation
import GatewayServer

/// `gatewayd dialplan check|route|test`: the operator's view of the dialplan files
/// (docs/dialplans.md, "Tools").
struct DialplanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dialplan", abstract: "Check, test and explain the dialplan files.",
        subcommands: [DialplanCheckCommand.self, DialplanRouteCommand.self, DialplanTestCommand.self,
                      DialplanRevisionsCommand.self, DialplanRollbackCommand.self])
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

struct DialplanCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Load the dialplan files as the gateway would and print every finding.",
        discussion: "Trunk names come from --config and prompt names from DIR/prompts/*.wav. "
            + "Exits 1 when there is any finding.")

    @Argument(help: "Directory of the dialplan files.")
    var directory: String = "Dialplans"

    @Option(name: .long, help: "Configuration file whose trunk names `dial` may use.")
    var config: String = "Config/gateway.yaml"

    @Option(name: .long, help: "text, or json for {ok, counts, findings: [{file, line, column, path, problem, fix}]}.")
    var format: OutputFormat = .text

    func run() throws {
        let loaded = DialplanLoading.load(directory: directory, config: config, reportNotes: format == .text)
        switch format {
        case .json:
            let counts = loaded.dialplan.map(DialplanCounts.init)
            try printJSON(CheckReport(directory: directory, ok: loaded.findings.isEmpty, notes: loaded.notes,
                                      counts: counts, findings: loaded.findings))
        case .text:
            if let dialplan = loaded.dialplan {
                print("\(directory): \(DialplanCounts(dialplan).summary): OK")
            } else {
                for finding in loaded.findings { printError(finding.description) }
                printError("\(directory): \(count(loaded.findings.count, "finding"))")
            }
        }
        if loaded.dialplan == nil { throw ExitCode(1) }
    }
}

struct DialplanRouteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "route",
        abstract: "Explain step by step what a call from FROM to NUMBER would do.",
        discussion: "FROM is a context name, or an entry point: identity:NAME, class:NAME, link:NAME (web users), "
            + "did:NUMBER, or trunk:NAME (a call from that trunk to the DID given with --to). "
            + "Trunk and prompt names are not checked here (use `dialplan check`). "
            + "Exits 0 also when the call would be refused, 1 when the dialplan does not load.")

    @Option(name: .long, help: "Context name or entry point (identity:NAME, class:NAME, link:NAME, did:NUMBER, trunk:NAME).")
    var from: String

    @Option(name: .long, help: "The number dialed (for trunk:NAME, the DID called).")
    var to: String = ""

    @Option(name: .long, help: "Directory of the dialplan files.")
    var dir: String = "Dialplans"

    @Option(name: .long, help: "When the call happens, for schedules, e.g. 2026-06-02T14:00:00Z (default: now).")
    var at: String?

    func run() throws {
        let date: Date
        if let at {
            guard let parsed = ISO8601Parsing.date(at) else {
                printError("gatewayd: cannot read --at '\(at)'; write an ISO 8601 time such as 2026-06-02T14:00:00Z "
                           + "or 2026-06-02T10:00:00-04:00")
                throw ExitCode(1)
            }
            date = parsed
        } else {
            date = Date()
        }
        let loaded = DialplanLoading.load(directory: dir, references: DialplanReferences())
        guard let dialplan = loaded.dialplan else {
            for finding in loaded.findings { printError(finding.description) }
            printError("\(dir): the dialplan does not load; run `gatewayd dialplan check \(dir)`")
            throw ExitCode(1)
        }
        for line in dialplan.explain(from: from, to: to, at: date).lines { print(line) }
    }
}

struct DialplanTestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run the tests: cases written in the dialplan files.",
        discussion: "Loads like `dialplan check`; exits 1 when a file does not load or any case fails.")

    @Argument(help: "Directory of the dialplan files.")
    var directory: String = "Dialplans"

    @Option(name: .long, help: "Configuration file whose trunk names `dial` may use.")
    var config: String = "Config/gateway.yaml"

    @Option(name: .long, help: "text, or json for {passed, failed, results: [...], findings: [...]}.")
    var format: OutputFormat = .text

    func run() throws {
        let loaded = DialplanLoading.load(directory: directory, config: config, reportNotes: format == .text)
        let results = loaded.dialplan.map(DialplanTests.run) ?? []
        let failed = results.filter { !$0.passed }.count
        switch format {
        case .json:
            try printJSON(TestReport(directory: directory, ok: loaded.dialplan != nil && failed == 0, notes: loaded.notes,
                                     passed: results.count - failed, failed: failed,
                                     results: results.map(TestResultJSON.init), findings: loaded.findings))
        case .text:
            guard loaded.dialplan != nil else {
                for finding in loaded.findings { printError(finding.description) }
                printError("\(directory): the dialplan does not load, so no test ran")
                throw ExitCode(1)
            }
            for result in results {
                let place = "\(result.testCase.location.file):\(result.testCase.location.line)"
                let call = "\(result.testCase.from) → \(result.testCase.to)"
                print(result.passed ? "PASS \(place) \(call)" : "FAIL \(place) \(call): \(result.failures.joined(separator: "; "))")
            }
            print("\(directory): \(count(results.count, "test")), \(results.count - failed) passed, \(failed) failed")
        }
        if loaded.dialplan == nil || failed > 0 { throw ExitCode(1) }
    }
}

// MARK: Shared pieces

/// Reads the directory and loads it, turning every problem into findings.
enum DialplanLoading {
    struct Loaded {
        var dialplan: Dialplan?
        var findings: [DialplanFinding]
        /// Things the operator should know that are not findings (a config that did not load).
        var notes: [String] = []
    }

    /// Loads with the trunk names of `config` (or none, with a note, when it does not load)
    /// and the prompt names in `directory/prompts`.
    static func load(directory: String, config: String, reportNotes: Bool) -> Loaded {
        var notes: [String] = []
        var trunks: Set<String>?
        var agentGroups: Set<String>?
        do {
            let gatewayConfig = try GatewayConfig.load(path: config)
            trunks = Set(gatewayConfig.trunks.map(\.name))
            agentGroups = Set(gatewayConfig.agents.groups.map(\.name))
        } catch {
            let first = "\(error)".split(separator: "\n").first.map(String.init) ?? "\(error)"
            notes.append("cannot load the configuration \(config) (\(first)); trunk names are not checked")
            if reportNotes { printError("gatewayd: " + (notes.last ?? "")) }
        }
        let references = DialplanReferences(trunks: trunks, prompts: DialplanDirectory.promptNames(at: directory),
                                            agentGroups: agentGroups)
        var loaded = load(directory: directory, references: references)
        loaded.notes = notes
        return loaded
    }

    static func load(directory: String, references: DialplanReferences) -> Loaded {
        let files: [DialplanFile]
        do {
            files = try DialplanDirectory.readFiles(at: directory)
        } catch {
            return Loaded(dialplan: nil, findings: [DialplanFinding(file: error.path, line: 0, column: 0, path: "",
                                                                    problem: error.problem, fix: error.fix)])
        }
        guard !files.isEmpty else {
            return Loaded(dialplan: nil, findings: [DialplanFinding(file: directory, line: 0, column: 0, path: "",
                                                                    problem: "no *.yaml or *.yml file in the directory",
                                                                    fix: "add a dialplan file, e.g. default.yaml")])
        }
        do {
            return Loaded(dialplan: try DialplanLoader.load(files: files, references: references), findings: [])
        } catch {
            return Loaded(dialplan: nil, findings: error.findings)
        }
    }
}

/// Reads `2026-06-02T14:00:00Z`, with or without fractional seconds, with any UTC offset.
enum ISO8601Parsing {
    static func date(_ text: String) -> Date? {
        let plain = ISO8601DateFormatter()
        if let date = plain.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text)
    }
}

func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// "1 context", "3 contexts".
func count(_ value: Int, _ noun: String) -> String {
    "\(value) \(noun)\(value == 1 ? "" : "s")"
}

func printJSON(_ value: some Encodable) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}

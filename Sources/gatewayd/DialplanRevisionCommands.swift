import ArgumentParser
import Config
import Dialplan
import Foundation
import GatewayServer
import Store

/// `gatewayd dialplan revisions`: the accepted versions kept in the store, newest first.
struct DialplanRevisionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revisions", abstract: "List the stored dialplan revisions, newest first.")

    @Option(name: .long, help: "Configuration file naming the store (store.path).")
    var config: String = "Config/gateway.yaml"

    @Option(name: .long, help: "How many to list.")
    var limit: Int = 20

    func run() throws {
        let store = try openStore(config: loadConfig(config))
        let formatter = ISO8601DateFormatter()
        for revision in try store.revisions(limit: max(1, limit)) {
            let note = revision.note.map { " (\($0))" } ?? ""
            print("\(revision.id)\t\(formatter.string(from: revision.createdAt))\t\(revision.source)\(note)\t"
                + revision.fileNames.joined(separator: ", "))
        }
    }
}

/// `gatewayd dialplan rollback ID`: writes a stored revision back into the dialplan
/// directory after checking it like any edit; a running gateway picks it up.
struct DialplanRollbackCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollback", abstract: "Put a stored dialplan revision back into the directory.",
        discussion: "The revision is checked (findings and tests) before anything is written. A running gateway "
            + "reloads it within dialplans.watch_interval_s, or at once on SIGHUP.")

    @Argument(help: "The revision id (see `gatewayd dialplan revisions`).")
    var id: Int64

    @Option(name: .long, help: "Configuration file naming the store and the dialplan directory.")
    var config: String = "Config/gateway.yaml"

    func run() throws {
        let loaded = try loadConfig(config)
        let store = try openStore(config: loaded)
        guard let revision = try store.revision(id: id) else {
            printError("gatewayd: no dialplan revision \(id); list them with `gatewayd dialplan revisions`")
            throw ExitCode(1)
        }
        let directory = loaded.dialplans.directory
        let files = revision.files.map {
            DialplanFile(name: (directory as NSString).appendingPathComponent(($0.name as NSString).lastPathComponent),
                         contents: $0.contents)
        }
        let references = DialplanReferences(trunks: Set(loaded.trunks.map(\.name)),
                                            prompts: DialplanDirectory.promptNames(at: directory),
                                            agentGroups: Set(loaded.agents.groups.map(\.name)))
        do {
            let dialplan = try DialplanLoader.load(files: files, references: references)
            let failed = DialplanTests.run(dialplan).filter { !$0.passed }
            for result in failed {
                printError("\(result.testCase.location): test \(result.testCase.from) → \(result.testCase.to): "
                    + result.failures.joined(separator: "; "))
            }
            if !failed.isEmpty { throw ExitCode(1) }
        } catch let error as DialplanError {
            for finding in error.findings { printError(finding.description) }
            printError("revision \(id) does not load with today's configuration and prompts; nothing was written")
            throw ExitCode(1)
        }
        try DialplanDirectory.write(files, to: directory)
        let saved = try store.saveRevision(files: files.map { DialplanRevisionFile(name: $0.name, contents: $0.contents) },
                                           source: DialplanRevision.rollback, note: "rollback to revision \(id)", at: Date())
        print("\(directory): revision \(id) written as revision \(saved.revision.id); "
            + "a running gateway reloads it within \(loaded.dialplans.watchInterval.components.seconds) s (or send SIGHUP)")
    }
}

func openStore(config: GatewayConfig) throws -> GatewayStore {
    do {
        return try GatewayStore(path: config.store.path)
    } catch {
        printError("gatewayd: cannot open the store \(config.store.path) (\(error))")
        throw ExitCode(1)
    }
}

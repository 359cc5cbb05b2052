import Dialplan
import Foundation
import Testing
import GatewayServer

/// The dialplan directory on disk: which files are read, how they are named, the size
/// bound, prompt names, and writes that replace the directory's YAML files.
@Suite struct DialplanDirectoryTests {
    /// A fresh directory under the system's temporary folder, removed after `body`.
    func withDirectory(_ body: (String) throws -> Void) throws {
        let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("dialplan-dir-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: path) }
        try body(path)
    }

    func put(_ text: String, _ name: String, in directory: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: (directory as NSString).appendingPathComponent(name)))
    }

    func listing(_ directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
    }

    /// The error `body` throws; fails the test when it throws none.
    func error(_ body: () throws -> Void) -> DialplanDirectoryError? {
        do {
            try body()
            Issue.record("expected a DialplanDirectoryError")
            return nil
        } catch let error as DialplanDirectoryError {
            return error
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }

    @Test func readsYAMLFilesSortedAndNamedByTheGivenPath() throws {
        try withDirectory { dir in
            try put("contexts: {}\n", "b.yaml", in: dir)
            try put("tests: []\n", "a.yml", in: dir)
            try put("ignored", "notes.txt", in: dir)
            try put("ignored", "c.yaml.orig", in: dir)
            try FileManager.default.createDirectory(atPath: dir + "/prompts", withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: dir + "/folder.yaml", withIntermediateDirectories: true)
            let files = try DialplanDirectory.readFiles(at: dir)
            #expect(files == [DialplanFile(name: dir + "/a.yml", contents: "tests: []\n"),
                              DialplanFile(name: dir + "/b.yaml", contents: "contexts: {}\n")])
            // A trailing slash does not double the separator.
            #expect(try DialplanDirectory.readFiles(at: dir + "/").map(\.name) == [dir + "/a.yml", dir + "/b.yaml"])
        }
    }

    @Test func refusesMissingDirectoriesPlainFilesLargeFilesAndNonUTF8() throws {
        try withDirectory { dir in
            let missing = dir + "/nowhere"
            #expect(error { _ = try DialplanDirectory.readFiles(at: missing) }?.description
                    == "\(missing): there is no dialplan directory here; "
                    + "create it, or point dialplans.directory (or the command's DIR) at it")
            try put("x", "plain.yaml", in: dir)
            #expect(error { _ = try DialplanDirectory.readFiles(at: dir + "/plain.yaml") }?.problem
                    == "this is a file, not a directory")

            try put(String(repeating: "#", count: 11), "plain.yaml", in: dir)
            let large = error { _ = try DialplanDirectory.readFiles(at: dir, maxFileBytes: 10) }
            #expect(large?.path == dir + "/plain.yaml")
            #expect(large?.problem == "the file has 11 bytes, more than the limit of 10")
            #expect(try DialplanDirectory.readFiles(at: dir, maxFileBytes: 11).first?.contents.count == 11)

            try Data([0x63, 0x3a, 0xff, 0xfe]).write(to: URL(fileURLWithPath: dir + "/plain.yaml"))
            #expect(error { _ = try DialplanDirectory.readFiles(at: dir) }?.problem == "the file is not UTF-8 text")
        }
    }

    @Test func promptNamesAreTheWAVFilesWithoutExtension() throws {
        try withDirectory { dir in
            #expect(DialplanDirectory.promptNames(at: dir).isEmpty)
            try FileManager.default.createDirectory(atPath: dir + "/prompts", withIntermediateDirectories: true)
            try put("RIFF", "welcome.wav", in: dir + "/prompts")
            try put("RIFF", "Closed.WAV", in: dir + "/prompts")
            try put("text", "script.txt", in: dir + "/prompts")
            try put("RIFF", "top-level.wav", in: dir)
            #expect(DialplanDirectory.promptNames(at: dir) == ["welcome", "Closed"])
        }
    }

    @Test func writeReplacesTheYAMLFilesAndKeepsEverythingElse() throws {
        try withDirectory { dir in
            try put("old default", "default.yaml", in: dir)
            try put("stale", "stale.yml", in: dir)
            try put("keep me", "README.txt", in: dir)
            try FileManager.default.createDirectory(atPath: dir + "/prompts", withIntermediateDirectories: true)
            try DialplanDirectory.write([
                DialplanFile(name: "Dialplans/default.yaml", contents: "new default\n"),
                DialplanFile(name: "/elsewhere/sales.yaml", contents: "sales: é\n"),
            ], to: dir)
            // Only base names count; the temporary files are gone.
            #expect(try listing(dir) == ["README.txt", "default.yaml", "prompts", "sales.yaml"])
            #expect(try DialplanDirectory.readFiles(at: dir) == [
                DialplanFile(name: dir + "/default.yaml", contents: "new default\n"),
                DialplanFile(name: dir + "/sales.yaml", contents: "sales: é\n"),
            ])
            #expect(try String(contentsOfFile: dir + "/README.txt", encoding: .utf8) == "keep me")
        }
    }

    @Test func writeRefusesUnusableNamesBeforeTouchingAnything() throws {
        try withDirectory { dir in
            try put("old", "default.yaml", in: dir)
            for name in ["..", "a..yaml", "notes.txt", "sub/", ".yaml"] {
                let refused = error {
                    try DialplanDirectory.write([DialplanFile(name: "ok.yaml", contents: "x"),
                                                 DialplanFile(name: name, contents: "x")], to: dir)
                }
                #expect(refused?.fix == "use a plain name ending in .yaml or .yml, without '/' or '..'", "\(name)")
            }
            let twice = error {
                try DialplanDirectory.write([DialplanFile(name: "a/x.yaml", contents: "1"),
                                             DialplanFile(name: "b/x.yaml", contents: "2")], to: dir)
            }
            #expect(twice?.problem == "two files are named 'x.yaml'")
            #expect(error { try DialplanDirectory.write([], to: dir + "/nowhere") }?.problem
                    == "there is no dialplan directory here")
            #expect(try listing(dir) == ["default.yaml"])
            #expect(try String(contentsOfFile: dir + "/default.yaml", encoding: .utf8) == "old")
        }
    }
}

import Dialplan
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The dialplan files on disk: `*.yaml` / `*.yml` directly in one directory, WAV prompts in
/// its `prompts/` folder (see docs/dialplans.md).
///
/// The `Dialplan` module never touches the disk; this is where its text comes from and
/// where edits from the admin API go back to.
public enum DialplanDirectory {
    /// The dialplan files of `path`, sorted by name. Each is named by the directory as
    /// given plus its file name (`Dialplans/default.yaml`), so findings read as
    /// `Dialplans/default.yaml:12:9: ...`. A file larger than `maxFileBytes` is refused
    /// without being read.
    public static func readFiles(at path: String, maxFileBytes: Int = 4 << 20) throws(DialplanDirectoryError) -> [DialplanFile] {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw DialplanDirectoryError(path: path, problem: "there is no dialplan directory here",
                                         fix: "create it, or point dialplans.directory (or the command's DIR) at it")
        }
        guard isDirectory.boolValue else {
            throw DialplanDirectoryError(path: path, problem: "this is a file, not a directory",
                                         fix: "give the directory that holds the *.yaml dialplan files")
        }
        let names: [String]
        do {
            names = try manager.contentsOfDirectory(atPath: path)
        } catch {
            throw DialplanDirectoryError(path: path, problem: "cannot list the directory (\(error.localizedDescription))",
                                         fix: "check its permissions")
        }
        var files: [DialplanFile] = []
        for name in names.sorted() where isDialplanFileName(name) {
            let filePath = (path as NSString).appendingPathComponent(name)
            var entryIsDirectory: ObjCBool = false
            guard manager.fileExists(atPath: filePath, isDirectory: &entryIsDirectory), !entryIsDirectory.boolValue else { continue }
            files.append(DialplanFile(name: filePath, contents: try readText(at: filePath, maxBytes: maxFileBytes)))
        }
        return files
    }

    /// The prompt names `play:` may use: the `*.wav` files in `path/prompts`, without the
    /// extension. Empty when there is no such folder.
    public static func promptNames(at path: String) -> Set<String> {
        let folder = (path as NSString).appendingPathComponent("prompts")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return Set(names.filter { $0.lowercased().hasSuffix(".wav") && $0.count > 4 }.map { String($0.dropLast(4)) })
    }

    /// Makes the directory hold exactly `files`: each is written under the base name of its
    /// `name` through a temporary file and a rename, so a reader sees the old or the new text
    /// and never half a file; then the YAML files not among them are removed. Nothing is
    /// written when a name is unusable.
    public static func write(_ files: [DialplanFile], to path: String) throws(DialplanDirectoryError) {
        var baseNames: [String] = []
        for file in files {
            let base = (file.name as NSString).lastPathComponent
            guard !base.isEmpty, !base.contains("/"), !base.contains(".."), isDialplanFileName(base), !base.hasPrefix(".") else {
                throw DialplanDirectoryError(path: file.name, problem: "'\(base)' cannot be a dialplan file name",
                                             fix: "use a plain name ending in .yaml or .yml, without '/' or '..'")
            }
            guard !baseNames.contains(base) else {
                throw DialplanDirectoryError(path: file.name, problem: "two files are named '\(base)'", fix: "rename one of them")
            }
            baseNames.append(base)
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw DialplanDirectoryError(path: path, problem: "there is no dialplan directory here", fix: "create it first")
        }
        for (file, base) in zip(files, baseNames) {
            try writeAtomically(Data(file.contents.utf8), to: (path as NSString).appendingPathComponent(base))
        }
        let existing = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        for name in existing where isDialplanFileName(name) && !baseNames.contains(name) {
            let stale = (path as NSString).appendingPathComponent(name)
            do {
                try FileManager.default.removeItem(atPath: stale)
            } catch {
                throw DialplanDirectoryError(path: stale, problem: "cannot remove the old file (\(error.localizedDescription))",
                                             fix: "check the directory's permissions")
            }
        }
    }

    // MARK: Pieces

    static func isDialplanFileName(_ name: String) -> Bool {
        let lower = name.lowercased()
        return (lower.hasSuffix(".yaml") && lower.count > 5) || (lower.hasSuffix(".yml") && lower.count > 4)
    }

    /// The file's text; its size is checked before any byte is read, and the read itself is
    /// bounded too, in case the file grows in between.
    private static func readText(at path: String, maxBytes: Int) throws(DialplanDirectoryError) -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw DialplanDirectoryError(path: path, problem: "cannot open the file", fix: "check its permissions")
        }
        defer { try? handle.close() }
        let data: Data
        do {
            let size = try handle.seekToEnd()
            guard size <= UInt64(max(0, maxBytes)) else {
                throw DialplanDirectoryError(path: path, problem: "the file has \(size) bytes, more than the limit of \(maxBytes)",
                                             fix: "split it into several files")
            }
            try handle.seek(toOffset: 0)
            data = try handle.read(upToCount: maxBytes + 1) ?? Data()
        } catch let error as DialplanDirectoryError {
            throw error
        } catch {
            throw DialplanDirectoryError(path: path, problem: "cannot read the file (\(error.localizedDescription))",
                                         fix: "check its permissions")
        }
        guard data.count <= maxBytes else {
            throw DialplanDirectoryError(path: path, problem: "the file grew past the limit of \(maxBytes) bytes while being read",
                                         fix: "split it into several files")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw DialplanDirectoryError(path: path, problem: "the file is not UTF-8 text", fix: "save it as UTF-8")
        }
        return text
    }

    /// Writes and flushes a temporary file beside `path`, then renames it over `path`
    /// (rename(2) replaces the directory entry in one step).
    private static func writeAtomically(_ data: Data, to path: String) throws(DialplanDirectoryError) {
        let directory = (path as NSString).deletingLastPathComponent
        let temporary = (directory as NSString).appendingPathComponent(
            ".\((path as NSString).lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp")
        guard FileManager.default.createFile(atPath: temporary, contents: nil),
              let handle = FileHandle(forWritingAtPath: temporary) else {
            throw DialplanDirectoryError(path: path, problem: "cannot create a temporary file beside it",
                                         fix: "check the directory's permissions")
        }
        do {
            try handle.write(contentsOf: data)
            try handle.synchronize()
            try handle.close()
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(atPath: temporary)
            throw DialplanDirectoryError(path: path, problem: "cannot write the file (\(error.localizedDescription))",
                                         fix: "check the free space and permissions")
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: temporary)
            throw DialplanDirectoryError(path: path, problem: "cannot replace the file (\(reason))",
                                         fix: "check the directory's permissions")
        }
    }
}

/// Why the dialplan directory could not be read or written, with the path it concerns.
public struct DialplanDirectoryError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var problem: String
    public var fix: String

    public init(path: String, problem: String, fix: String) {
        self.path = path
        self.problem = problem
        self.fix = fix
    }

    /// `Dialplans/big.yaml: the file has 5000000 bytes, more than the limit of 4194304; split it into several files`.
    public var description: String { "\(path): \(problem); \(fix)" }
}

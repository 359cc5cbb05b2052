import Foundation
import Testing

/// Byte-exact copies of the RFC 4475 and RFC 5118 torture messages, shipped as
/// test resources under Fixtures/.
enum Fixtures {
    static func directory(_ corpus: String) throws -> URL {
        let root = try #require(Bundle.module.resourceURL)
        return root.appendingPathComponent("Fixtures").appendingPathComponent(corpus)
    }

    /// File names in a corpus directory, sorted.
    static func names(_ corpus: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory(corpus).path)
            .filter { !$0.hasPrefix(".") }
            .sorted()
    }

    static func bytes(_ corpus: String, _ file: String) throws -> [UInt8] {
        Array(try Data(contentsOf: directory(corpus).appendingPathComponent(file)))
    }
}

import Foundation
import Testing

/// Reads an SDP body from `Fixtures/` byte for byte (line endings untouched).
func fixture(_ name: String) throws -> String {
    let url = try #require(Bundle.module.url(forResource: name, withExtension: "sdp",
                                             subdirectory: "Fixtures"))
    let data = try Data(contentsOf: url)
    return String(decoding: data, as: UTF8.self)
}

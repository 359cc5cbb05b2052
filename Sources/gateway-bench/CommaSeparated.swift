import Foundation

/// The values of a comma-separated option ("50,100, 200"), each item trimmed; nil when any
/// item is not a `Value`, so a typo is refused rather than dropped. An empty text gives none.
func commaSeparated<Value: LosslessStringConvertible>(_ text: String, as _: Value.Type = Value.self) -> [Value]? {
    var values: [Value] = []
    for item in text.split(separator: ",") {
        guard let value = Value(item.trimmingCharacters(in: .whitespaces)) else { return nil }
        values.append(value)
    }
    return values
}

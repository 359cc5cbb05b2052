import Dialplan
import Foundation

/// A call link as the admin API receives it (docs/call-links.md), before it is checked.
///
/// Read from JSON by hand rather than `Decodable`, so a wrong type is reported with the
/// field it is in, as every other mistake is.
public struct CallLinkDraft: Sendable, Equatable {
    public var label: String = ""
    public var destination: CallLinkDestination = .number("", context: nil)
    public var displayName: String?
    public var dialPad = true
    public var validFrom: Date?
    public var validUntil: Date?
    public var neverExpires = false
    public var hours: CallLinkHours?
    public var oneTime = false

    public init() {}

    /// Reads the JSON object of a `POST /api/call-links`.
    public init(json: Data) throws(CallLinkDraftError) {
        guard let parsed = try? JSONSerialization.jsonObject(with: json), let object = parsed as? [String: Any] else {
            throw CallLinkDraftError(field: nil, "The body must be a JSON object.")
        }
        let fields = DraftFields(object: object, prefix: "")
        label = try fields.string("label") ?? ""
        destination = try Self.destination(fields)
        displayName = try fields.string("displayName")
        dialPad = try fields.bool("dialPad") ?? true
        validFrom = try fields.date("validFrom")
        validUntil = try fields.date("validUntil")
        neverExpires = try fields.bool("neverExpires") ?? false
        hours = try fields.object("hours").map(Self.hours)
        oneTime = try fields.bool("oneTime") ?? false
    }

    private static func destination(_ fields: DraftFields) throws(CallLinkDraftError) -> CallLinkDestination {
        guard let target = try fields.object("destination") else {
            throw CallLinkDraftError(field: "destination", "Choose what the link calls: a number, an agent group or a menu.")
        }
        switch try target.string("kind") {
        case "number":
            return .number(try target.string("number") ?? "", context: try target.string("context").flatMap { $0.isEmpty ? nil : $0 })
        case "agents":
            return .agents(group: try target.string("group") ?? "")
        case "menu":
            return .menu(try target.string("menu") ?? "")
        default:
            throw CallLinkDraftError(field: "destination.kind", "The destination kind must be number, agents or menu.")
        }
    }

    private static func hours(_ fields: DraftFields) throws(CallLinkDraftError) -> CallLinkHours {
        let names = try fields.strings("days") ?? []
        var days = Set<Weekday>()
        for name in names {
            guard let day = Weekday.named(name) else {
                throw CallLinkDraftError(field: "hours.days", "'\(name)' is not a day: use mon, tue, wed, thu, fri, sat or sun.")
            }
            days.insert(day)
        }
        guard !days.isEmpty else { throw CallLinkDraftError(field: "hours.days", "Choose at least one day.") }
        guard let from = minute(try fields.string("from"), allowingEndOfDay: false) else {
            throw CallLinkDraftError(field: "hours.from", "The start time must be written HH:MM, from 00:00 to 23:59.")
        }
        guard let to = minute(try fields.string("to"), allowingEndOfDay: true) else {
            throw CallLinkDraftError(field: "hours.to", "The end time must be written HH:MM, from 00:00 to 24:00.")
        }
        guard from != to else { throw CallLinkDraftError(field: "hours.to", "The end time must differ from the start time.") }
        let zoneName = try fields.string("timeZone") ?? "UTC"
        guard let zone = TimeZone(identifier: zoneName) else {
            throw CallLinkDraftError(field: "hours.timeZone", "'\(zoneName)' is not a time zone; use a name such as Europe/Paris or America/New_York.")
        }
        return CallLinkHours(days: days, from: from, to: to, timeZone: zone, timeZoneName: zoneName)
    }

    /// "HH:MM" as minutes after midnight; "24:00" only as an end.
    static func minute(_ text: String?, allowingEndOfDay: Bool) -> Int? {
        guard let text else { return nil }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCII) }),
              let hour = Int(parts[0]), let minute = Int(parts[1]), (0...59).contains(minute) else { return nil }
        if hour == 24 && minute == 0 && allowingEndOfDay { return 1440 }
        guard (0...23).contains(hour) else { return nil }
        return hour * 60 + minute
    }
}

/// A mistake in a draft: the field it is in (`destination.number`, `hours.from`) and what to do.
public struct CallLinkDraftError: Error, Sendable, Equatable, CustomStringConvertible {
    public var field: String?
    public var message: String

    public init(field: String?, _ message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { field.map { "\($0): \(message)" } ?? message }
}

/// Typed reads of one JSON object, naming `prefix.key` in every error.
struct DraftFields {
    let object: [String: Any]
    let prefix: String

    func name(_ key: String) -> String { prefix + key }

    func present(_ key: String) -> Any? {
        guard let value = object[key], !(value is NSNull) else { return nil }
        return value
    }

    func string(_ key: String) throws(CallLinkDraftError) -> String? {
        guard let value = present(key) else { return nil }
        guard let text = value as? String else { throw CallLinkDraftError(field: name(key), "\(name(key)) must be text.") }
        return text
    }

    func strings(_ key: String) throws(CallLinkDraftError) -> [String]? {
        guard let value = present(key) else { return nil }
        guard let list = value as? [Any], let texts = list as? [String] else {
            throw CallLinkDraftError(field: name(key), "\(name(key)) must be a list of texts.")
        }
        return texts
    }

    func bool(_ key: String) throws(CallLinkDraftError) -> Bool? {
        guard let value = present(key) else { return nil }
        // JSONSerialization reads true/false as NSNumber, as it reads 0 and 1: a boolean's
        // type code is "c" (char), a number's "q" or "d".
        guard let number = value as? NSNumber, String(cString: number.objCType) == "c" else {
            throw CallLinkDraftError(field: name(key), "\(name(key)) must be true or false.")
        }
        return number.boolValue
    }

    func date(_ key: String) throws(CallLinkDraftError) -> Date? {
        guard let text = try string(key), !text.isEmpty else { return nil }
        let precise = ISO8601DateFormatter()
        precise.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        guard let date = ISO8601DateFormatter().date(from: text) ?? precise.date(from: text) else {
            throw CallLinkDraftError(field: name(key), "\(name(key)) must be an ISO 8601 time such as 2026-11-22T09:00:00Z.")
        }
        return date
    }

    func object(_ key: String) throws(CallLinkDraftError) -> DraftFields? {
        guard let value = present(key) else { return nil }
        guard let nested = value as? [String: Any] else {
            throw CallLinkDraftError(field: name(key), "\(name(key)) must be an object.")
        }
        return DraftFields(object: nested, prefix: name(key) + ".")
    }
}

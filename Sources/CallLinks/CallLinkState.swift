import Dialplan
import Foundation

/// Whether a call link takes a call now, and if not why.
///
/// Judged in this order, so the page tells the most lasting reason: a revoked link stays
/// revoked, a spent one spent, an expired one expired, whatever the hour.
public enum CallLinkState: String, Sendable, Equatable, CaseIterable {
    case open
    /// Before `validFrom`.
    case scheduled
    /// Inside the validity window, outside the weekly hours.
    case closedNow = "closed_now"
    /// At or after `validUntil`.
    case expired
    /// A one-time link whose call was answered.
    case spent
    case revoked
}

extension CallLinkDefinition {
    /// The state at `now` (passed in: the link never reads a clock).
    public func state(at now: Date) -> CallLinkState {
        if revokedAt != nil { return .revoked }
        if spentAt != nil { return .spent }
        if let validUntil, now >= validUntil { return .expired }
        if let validFrom, now < validFrom { return .scheduled }
        if let hours, !hours.isOpen(at: now) { return .closedNow }
        return .open
    }

    /// A sentence for the caller on the link page; nil while the link is open.
    public func callerMessage(at now: Date) -> String? {
        switch state(at: now) {
        case .open: return nil
        case .scheduled: return "This link opens on \(moment(validFrom ?? now))."
        case .closedNow: return "This link takes calls \(hours.map(Self.hoursSentence) ?? "at other times")."
        case .expired: return "This link has expired."
        case .spent: return "This link has been used."
        case .revoked: return "This call link does not exist."
        }
    }

    /// A sentence for operators, in every state: "Open until 2026-11-23 09:00 UTC".
    public func operatorText(at now: Date) -> String {
        switch state(at: now) {
        case .open:
            let until = validUntil.map { " until \(moment($0))" } ?? ", no end"
            return "Open" + until + (hours.map { ", \($0.description)" } ?? "")
        case .scheduled: return "Opens \(moment(validFrom ?? now))"
        case .closedNow: return "Closed now; takes calls \(hours?.description ?? "")"
        case .expired: return "Expired \(moment(validUntil ?? now))"
        case .spent: return "Used \(moment(spentAt ?? now)) (one-time)"
        case .revoked: return "Revoked \(moment(revokedAt ?? now))"
        }
    }

    /// "2026-11-23 09:00 Europe/Paris": in the link's time zone when it has hours, else UTC.
    func moment(_ date: Date) -> String {
        let zone = hours?.timeZone ?? TimeZone(secondsFromGMT: 0) ?? .current
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        let day = String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
        let time = CallLinkHours.clock((parts.hour ?? 0) * 60 + (parts.minute ?? 0))
        return "\(day) \(time) \(hours?.timeZoneName ?? "UTC")"
    }

    /// "mon-fri from 09:00 to 17:00 (Europe/Paris)".
    static func hoursSentence(_ hours: CallLinkHours) -> String {
        let days = hours.days.count == 7 ? "every day" : Weekday.describe(hours.days)
        return "\(days) from \(CallLinkHours.clock(hours.from)) to \(CallLinkHours.clock(hours.to)) (\(hours.timeZoneName))"
    }
}

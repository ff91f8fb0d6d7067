import Foundation
import OAuth2Core
import OAuth2Store

/// Times as the lists show them: clock times in the admin's zone, ages and countdowns.
enum TimeText {
    static func clock(_ at: EpochSeconds, in zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.hour, .minute, .second], from: Date(timeIntervalSince1970: TimeInterval(at)))
        return String(format: "%02ld:%02ld:%02ld", parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0)
    }

    static func dateTime(_ at: EpochSeconds, in zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day], from: Date(timeIntervalSince1970: TimeInterval(at)))
        return String(format: "%04ld-%02ld-%02ld ", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0) + clock(at, in: zone)
    }

    /// The zone the times are in, as a column heading or title names it: `UTC`, else its
    /// offset (`UTC+01:00`), which unlike an abbreviation reads the same everywhere.
    static func zoneName(_ zone: TimeZone, at date: Date = Date()) -> String {
        let offset = zone.secondsFromGMT(for: date)
        guard offset != 0 else { return "UTC" }
        let minutes = abs(offset) / 60
        return String(format: "UTC%@%02d:%02d", offset < 0 ? "-" : "+", minutes / 60, minutes % 60)
    }

    /// `5m ago`.
    static func age(_ at: EpochSeconds, now: EpochSeconds) -> String {
        DurationText.approximate(Int(max(0, now - at))) + " ago"
    }

    /// `in 54m`, or `ended` once passed.
    static func countdown(to at: EpochSeconds, now: EpochSeconds) -> String {
        at > now ? "in " + DurationText.approximate(Int(at - now)) : "ended"
    }

    /// `1h02m`: the header's uptime.
    static func uptime(_ seconds: EpochSeconds) -> String {
        let seconds = max(0, seconds)
        if seconds < 60 { return "\(seconds)s" }
        if seconds < 3600 { return "\(seconds / 60)m\(String(format: "%02ld", seconds % 60))s" }
        if seconds < 86_400 { return "\(seconds / 3600)h\(String(format: "%02ld", seconds % 3600 / 60))m" }
        return "\(seconds / 86_400)d\(String(format: "%02ld", seconds % 86_400 / 3600))h"
    }
}

import ArgumentParser
import Foundation
import OAuth2Core
import OAuth2Store

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audit", abstract: "Show the audit trail, newest first.")
    @OptionGroup var options: StoreOptions
    @Option(help: "Only events from this long ago onwards (\(DurationRange.lookBack)).", transform: DurationOption.within(.lookBack))
    var since: DurationOption?
    @Option(help: "At most this many events.") var limit = 50

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit must be positive") }
    }

    func run() throws {
        let events = try options.open().listAudit(since: since.map { Clock.system.now() - EpochSeconds($0.seconds) }, limit: limit)
        if options.json { return try Output.json(events.map(AuditJSON.init)) }
        Output.table(["TIME", "ACTOR", "ACTION", "SUBJECT", "DETAILS"], events.map {
            let json = AuditJSON($0)
            return [json.at ?? "", json.actor, json.action, json.subject, json.details.compact]
        })
    }
}

import NIOConcurrencyHelpers
import OAuth2Core

/// Fans domain events out to in-process subscribers (the console's log pane, metrics).
/// Subscribers run on the publishing thread and must only enqueue.
public final class EventHub: Sendable {
    public typealias Subscriber = @Sendable (DomainEvent) -> Void
    private let subscribers = NIOLockedValueBox<[Subscriber]>([])

    public init() {}

    public func subscribe(_ subscriber: @escaping Subscriber) {
        subscribers.withLockedValue { $0.append(subscriber) }
    }

    public func publish(_ event: DomainEvent) {
        for subscriber in subscribers.withLockedValue({ $0 }) { subscriber(event) }
    }
}

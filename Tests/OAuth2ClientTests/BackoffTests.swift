import Foundation
import Hummingbird
import Logging
import NIOConcurrencyHelpers
import OAuth2Client
import OAuth2Core
import OAuth2Transport
import ServerTestSupport
import Testing
import TestSupport

/// Against a token endpoint that answers 503 and 429 before it issues: retries with
/// backoff, `Retry-After` honoured, and a bounded number of attempts.
@Suite struct BackoffTests {
    /// A token endpoint answering the given statuses in turn, then a token each time.
    private static func flakyEndpoint(_ statuses: [(Int, String?)]) async throws -> (LoopbackApplication, NIOLockedValueBox<Int>) {
        let calls = NIOLockedValueBox(0)
        let router = Router()
        router.post("/token") { _, _ -> Response in
            let call = calls.withLockedValue { count in
                count += 1
                return count
            }
            guard call <= statuses.count else {
                let body = #"{"access_token":"tok-\#(call)","token_type":"Bearer","expires_in":60}"#
                return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body)))
            }
            let (status, retryAfter) = statuses[call - 1]
            var headers: HTTPFields = [:]
            if let retryAfter { headers[.retryAfter] = retryAfter }
            return Response(status: .init(code: status), headers: headers)
        }
        return (try await LoopbackApplication(router: router), calls)
    }

    private static func source(_ app: LoopbackApplication, sleeps: NIOLockedValueBox<[Duration]>, logger: Logger = Logger(label: "test")) -> TokenSource {
        var configuration = TokenSourceConfiguration(endpoint: .tokenURL(app.baseURL + "/token"),
                                                     authentication: ClientAuthentication(clientID: "c", secret: "o2s_the-secret"))
        configuration.backoff = Backoff(initial: .milliseconds(100), maximum: .seconds(5), attempts: 4)
        // These tests count the waits between answers. An answer held up past the default 5 s
        // by a loaded machine (the endpoint's handler waits for a thread of the test runner's
        // pool) would read as a failed attempt, followed by a random wait instead of the
        // server's Retry-After: CI saw exactly that once.
        configuration.transport = HTTPTransport(timeout: .seconds(60))
        return TokenSource(configuration: configuration, logger: logger, sleep: { duration in sleeps.withLockedValue { $0.append(duration) } })
    }

    @Test func fiveHundredsAndTooManyRequestsAreRetriedHonouringRetryAfter() async throws {
        let (app, calls) = try await Self.flakyEndpoint([(503, nil), (429, "2")])
        let sleeps = NIOLockedValueBox<[Duration]>([])
        let token = try await Self.source(app, sleeps: sleeps).token()
        #expect(token.value == "tok-3" && calls.withLockedValue { $0 } == 3)
        let waited = sleeps.withLockedValue { $0 }
        #expect(waited.count == 2)
        // The first wait is a random share of 100 ms · 2; the second is the server's 2 s.
        #expect(waited.first.map { $0 >= .zero && $0 <= .milliseconds(200) } == true)
        #expect(waited.last == .seconds(2))
    }

    @Test func aServerThatStaysDownFailsAfterTheLastAttemptAndARetryAfterIsCapped() async throws {
        let (app, calls) = try await Self.flakyEndpoint(Array(repeating: (503, "86400"), count: 10))
        let sleeps = NIOLockedValueBox<[Duration]>([])
        await #expect(throws: TokenRequestError.unavailable(status: 503, attempts: 4)) {
            _ = try await Self.source(app, sleeps: sleeps).token()
        }
        #expect(calls.withLockedValue { $0 } == 4)
        #expect(sleeps.withLockedValue { $0 } == Array(repeating: .seconds(5), count: 3))
    }

    @Test func neitherTheSecretNorATokenReachesTheLogs() async throws {
        let (app, _) = try await Self.flakyEndpoint([(503, nil), (500, nil), (503, nil), (502, nil)])
        let log = CapturedLog()
        let source = Self.source(app, sleeps: NIOLockedValueBox([]), logger: Logger(label: "test") { _ in log })
        _ = try? await source.token()
        let token = try await source.token()
        let everything = log.lines.map { $0.message + " " + $0.metadata.values.joined(separator: " ") }.joined(separator: "\n")
        #expect(everything.contains("answered HTTP 502 to each of 4 attempts"))
        #expect(!everything.contains("o2s_the-secret") && !everything.contains(token.value))
    }
}

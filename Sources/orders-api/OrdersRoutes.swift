import Foundation
import Hummingbird
import OAuth2Hummingbird
import OAuth2ResourceServer

/// The example's two routes: reading orders needs `orders:read`, placing one `orders:write`.
/// Without a verifier (only for measuring what verification costs) they are open.
enum OrdersRoutes {
    static func router(verifier: AccessTokenVerifier?, book: OrderBook) -> Router<BearerContext> {
        let router = Router(context: BearerContext.self)
        router.get("/health") { _, _ in "ok" }
        let reading = router.group("orders")
        let writing = router.group("orders")
        if let verifier {
            reading.add(middleware: BearerTokenMiddleware(verifier, requiring: ["orders:read"]))
            writing.add(middleware: BearerTokenMiddleware(verifier, requiring: ["orders:write"]))
        }
        reading.get { _, _ in try json(await book.all()) }
        writing.post { request, context in
            let item = String(buffer: try await request.body.collect(upTo: 1024)).trimmingCharacters(in: .whitespacesAndNewlines)
            let order = await book.place(item: item.isEmpty ? "something" : item, by: context.accessToken?.claims.clientID ?? "anonymous")
            return try json(order, status: .created)
        }
        return router
    }

    private static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = .sortedKeys
        return Response(status: status, headers: [.contentType: "application/json"],
                        body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }
}

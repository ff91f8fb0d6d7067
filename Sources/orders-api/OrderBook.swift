/// The example's orders, in memory and bounded: the newest `capacity` are kept.
actor OrderBook {
    struct Order: Codable, Sendable {
        let id: Int
        let item: String
        let placedBy: String
    }

    private var orders: [Order] = []
    private var nextID = 1
    private let capacity = 100

    func all() -> [Order] { orders }

    func place(item: String, by clientID: String) -> Order {
        let order = Order(id: nextID, item: item, placedBy: clientID)
        nextID += 1
        orders.append(order)
        if orders.count > capacity { orders.removeFirst(orders.count - capacity) }
        return order
    }
}

import Testing
@testable import OAuth2Console

/// Clicks select rows and views; the wheel scrolls the pane under the pointer.
@Suite struct MouseTests {
    @Test(arguments: [(80, 24), (132, 43)])
    func clickSelectsTheRowUnderThePointer(width: Int, height: Int) throws {
        let fixture = try ConsoleFixture()
        fixture.send(.resized(width: width, height: height))
        let row = (0..<height).first { fixture.screen(width, height).text(row: $0).contains("zoë 東京") }!
        fixture.send(.mouse(.click(row: row, column: 5)))
        #expect(fixture.state.selectedClient?.client.name == "zoë 東京")
        #expect(fixture.screen(width, height)[row, 1].role == .selection)
        // Below the last row: nothing changes.
        fixture.send(.mouse(.click(row: row + 1, column: 5)))
        #expect(fixture.state.selectedIndex == 1)
    }

    @Test func clickOnATabShowsItsViewAndTheWheelMovesTheSelection() throws {
        let fixture = try ConsoleFixture()
        let column = fixture.screen(80, 24).text(row: 1).distance(of: "3 Keys")
        fixture.send(.mouse(.click(row: 1, column: column)))
        #expect(fixture.state.tab == .keys)
        fixture.send(.mouse(.click(row: 1, column: 1)))
        #expect(fixture.state.tab == .clients)
        fixture.send(.mouse(.wheel(up: false, row: 5, column: 5)))
        #expect(fixture.state.selectedIndex == 1)
        fixture.send(.mouse(.wheel(up: true, row: 5, column: 5)))
        #expect(fixture.state.selectedIndex == 0)
    }
}

extension String {
    /// The column where `part` starts (text of one-column characters).
    func distance(of part: String) -> Int {
        guard let range = range(of: part) else { return -1 }
        return distance(from: startIndex, to: range.lowerBound)
    }
}

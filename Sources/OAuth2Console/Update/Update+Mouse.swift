import OAuth2Store

/// The mouse: a click selects a row or a view, the wheel scrolls the pane under it.
extension ConsoleState {
    static let wheelStep = 3

    mutating func handle(_ event: MouseEvent) {
        guard overlay == nil else { return }
        let layout = layout
        if event.row == 1, case .click = event {
            if let view = tabAt(column: event.column) { tab = view }
            return
        }
        if contains(layout.list, event) {
            switch event {
            case let .wheel(up, _, _): select(selectedIndex + (up ? -1 : 1) * Self.wheelStep)
            case .click:
                let visibleRows = layout.list.innerHeight - 1
                let offset = event.row - layout.list.innerRow - 1
                guard offset >= 0, offset < visibleRows else { return }
                let firstRow = tab == .tokens ? snapshot.tokenRequest.offset : 0
                let first = Table<ClientDetails>.firstShown(selected: selectedIndex - firstRow, visibleRows: visibleRows)
                select(firstRow + first + offset)
            }
        } else if let detail = layout.detail, contains(detail, event) {
            if case let .wheel(up, _, _) = event {
                for _ in 0..<Self.wheelStep { _ = scrollDetail(up ? .up : .down) }
            } else {
                detailOpen = true
            }
        } else if let pane = layout.log, contains(pane, event), case let .wheel(up, _, _) = event {
            log.scroll(by: up ? Self.wheelStep : -Self.wheelStep)
        }
    }

    private func contains(_ box: Box, _ event: MouseEvent) -> Bool {
        (box.row..<box.row + box.height).contains(event.row) && (box.column..<box.column + box.width).contains(event.column)
    }

    /// The view whose tab is drawn at `column` of the second row (as the header draws them).
    private func tabAt(column: Int) -> Tab? {
        var x = 0
        for view in Tab.allCases {
            let width = DisplayWidth.of(view.label)
            if (x..<x + width).contains(column) { return view }
            x += width + 1
        }
        return nil
    }
}

/// Draws the whole console for a terminal of `width` × `height`: pure, so tests compare
/// its text and the terminal only paints it.
func render(_ state: ConsoleState, width: Int, height: Int) -> Screen {
    var screen = Screen(width: width, height: height)
    guard width >= 40, height >= 12 else {
        screen.put("oauth2: terminal too small (\(width)×\(height)); need 40×12", row: 0, column: 0, role: .warn)
        return screen
    }
    state.drawHeader(on: &screen)
    let layout = Layout(width: width, height: height, detailOpen: state.detailOpen)
    state.drawList(on: &screen, in: layout.list)
    if let detail = layout.detail { state.drawDetail(on: &screen, in: detail) }
    if let log = layout.log { state.drawLog(on: &screen, in: log) }
    state.drawStatusLine(on: &screen)
    state.drawOverlay(on: &screen)
    return screen
}

/// Where the panes go. Wide terminals show list, detail and log at once; narrow ones
/// share the lower pane between the log and (after Enter) the detail.
struct Layout {
    static let wide = 120

    var list: Box
    var detail: Box?
    var log: Box?

    init(width: Int, height: Int, detailOpen: Bool) {
        let top = 2
        let body = height - top - 1
        let lower = max(6, body * 2 / 5)
        let upper = body - lower
        if width >= Self.wide {
            let detailWidth = min(60, width / 3)
            list = Box(row: top, column: 0, width: width - detailWidth, height: upper)
            detail = Box(row: top, column: width - detailWidth, width: detailWidth, height: upper)
            log = Box(row: top + upper, column: 0, width: width, height: lower)
        } else {
            list = Box(row: top, column: 0, width: width, height: upper)
            let pane = Box(row: top + upper, column: 0, width: width, height: lower)
            if detailOpen { detail = pane } else { log = pane }
        }
    }
}

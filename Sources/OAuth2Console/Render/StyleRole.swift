/// What a cell means, not how it looks: themes map each role to colours and attributes,
/// so render code never names a colour.
public enum StyleRole: String, Sendable, CaseIterable, Hashable {
    case normal
    case header
    case headerAccent = "header_accent"
    case tab
    case tabActive = "tab_active"
    case border
    case title
    case columnHeader = "column_header"
    case selection
    case dim
    case detailLabel = "detail_label"
    case ok
    case warn
    case error
    case logIssued = "log_issued"
    case logDenied = "log_denied"
    case logRevoked = "log_revoked"
    case logAdmin = "log_admin"
    case logServer = "log_server"
    case logSummary = "log_summary"
    case statusKey = "status_key"
    case statusText = "status_text"
    case dialog
    case dialogTitle = "dialog_title"
    case input
    case inputFocused = "input_focused"
    /// The character a text cursor stands on.
    case cursor
    case secret
    case sparkline
}

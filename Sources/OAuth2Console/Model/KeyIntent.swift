/// What a key asks for, independent of which key it is.
enum KeyIntent: Equatable, Sendable {
    case quit, help, nextTab, previousTab, show(Tab)
    case up, down, pageUp, pageDown, home, end, open, back
    case filter, commandLine, toggleFollow, logBack, logForward, followClient
    case newClient, editClient, rotateSecret, endOldSecret, toggleStatus, deleteClient
    case revokeToken, revokeClientTokens, addScope, deleteScope, rotateKey
    case sortClients(ClientOrder)
    case showDenials
}

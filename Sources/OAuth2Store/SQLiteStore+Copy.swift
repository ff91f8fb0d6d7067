import Foundation
import GRDB

extension SQLiteStore {
    /// Every row `oauth2 store copy` carries (`CopiedTable.all`), read in one transaction so
    /// that the copy is one consistent moment of the store. Tokens and revocation entries
    /// that have expired are left behind.
    public func rowsToCopy() throws -> [CopiedRows] {
        let now = clock.now()
        return try read { db in
            try CopiedTable.all.map { table in
                let columns = table.columns.map(\.name).joined(separator: ", ")
                let condition = table.keptWhileAfterNow.map { " WHERE \($0) > ?" } ?? ""
                let arguments: StatementArguments = table.keptWhileAfterNow == nil ? [] : [now]
                let rows = try Row.fetchAll(db, sql: "SELECT \(columns) FROM \(table.name)\(condition)", arguments: arguments)
                return CopiedRows(table: table, rows: try rows.map { row in
                    try table.columns.indices.map { try Self.value(row[$0] as DatabaseValue, of: table.columns[$0], in: table) }
                })
            }
        }
    }

    private static func value(_ value: DatabaseValue, of column: CopiedTable.Column, in table: CopiedTable) throws -> CopiedValue {
        switch (value.storage, column.type) {
        case (.null, _): return .null
        case (.int64(let number), .integer): return .integer(number)
        case (.int64(let number), .boolean): return .boolean(number != 0)
        case (.string(let text), .text): return .text(text)
        case (.blob(let data), .blob): return .blob([UInt8](data))
        default:
            throw StoreError.invalid("the store's \(table.name).\(column.name) holds a value that is not of type \(column.type)")
        }
    }
}

import CSQLite

/// A prepared statement, used by one connection on one thread at a time.
final class Statement {
    private let handle: OpaquePointer
    private unowned let connection: Connection

    init(_ connection: Connection, sql: String) throws {
        var stmt: OpaquePointer?
        let rc = sqlite3_prepare_v2(connection.handle, sql, -1, &stmt, nil)
        guard rc == SQLITE_OK, let stmt else {
            throw connection.error(rc, context: "prepare")
        }
        handle = stmt
        self.connection = connection
    }

    deinit { sqlite3_finalize(handle) }

    // SQLITE_TRANSIENT does not import into Swift; -1 is its value.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    func bind(_ values: [SQLValue]) throws {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        for (i, value) in values.enumerated() {
            let index = Int32(i + 1)
            let rc: Int32
            switch value {
            case .null: rc = sqlite3_bind_null(handle, index)
            case .integer(let v): rc = sqlite3_bind_int64(handle, index, v)
            case .real(let v): rc = sqlite3_bind_double(handle, index, v)
            case .text(let v):
                // With its byte length, not -1: a C string ends at the first NUL, which made
                // "eng/plan.md\0evil" bind as "eng/plan.md" (and any text with a NUL shorter).
                rc = v.withCString { sqlite3_bind_text(handle, index, $0, Int32(v.utf8.count), Statement.transient) }
            case .blob(let v):
                rc = v.withUnsafeBytes { sqlite3_bind_blob(handle, index, $0.baseAddress, Int32($0.count), Statement.transient) }
            }
            guard rc == SQLITE_OK else { throw connection.error(rc, context: "bind") }
        }
    }

    /// Advances; returns true while a row is available.
    func step() throws -> Bool {
        let rc = sqlite3_step(handle)
        switch rc {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw connection.error(rc, context: "step")
        }
    }

    func reset() {
        #if DEBUG
            // Tests compare the work two answers cost (a hidden document vs an absent one) by the
            // virtual machine steps SQLite took, a count no scheduler noise can move.
            connection.vmSteps += Int(sqlite3_stmt_status(handle, Int32(SQLITE_STMTSTATUS_VM_STEP), 1))
        #endif
        sqlite3_reset(handle)
    }

    var columnCount: Int { Int(sqlite3_column_count(handle)) }

    func value(at column: Int) -> SQLValue {
        let c = Int32(column)
        switch sqlite3_column_type(handle, c) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(handle, c))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(handle, c))
        case SQLITE_TEXT:
            // By byte count, so a NUL inside stored text is read back, not where the text ends.
            let bytes = UnsafeBufferPointer(start: sqlite3_column_text(handle, c), count: Int(sqlite3_column_bytes(handle, c)))
            return .text(String(decoding: bytes, as: UTF8.self))
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(handle, c))
            guard count > 0, let base = sqlite3_column_blob(handle, c) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: base, count: count)))
        default: return .null
        }
    }

    func row() -> [SQLValue] { (0..<columnCount).map(value(at:)) }

    /// The bytes of the column at `column` in place, valid only during `body` (empty for NULL):
    /// for small blobs read once per row, where copying each into an array would be the cost.
    func withBytes<T>(at column: Int, _ body: (UnsafeRawBufferPointer) -> T) -> T {
        let c = Int32(column)
        let base = sqlite3_column_blob(handle, c)
        return body(UnsafeRawBufferPointer(start: base, count: base == nil ? 0 : Int(sqlite3_column_bytes(handle, c))))
    }

    /// Column positions by name, found once per prepared statement: typed rows read their
    /// fields by column name, so a reordered SELECT cannot shift one field into another.
    private lazy var positions: [String: Int] = Dictionary(
        (0..<columnCount).map { (String(cString: sqlite3_column_name(handle, Int32($0))), $0) }, uniquingKeysWith: { first, _ in first })

    /// The positions of `names` in the result (-1 for a name it lacks): rows read by name look
    /// each name up once per query instead of once per row.
    func positions(of names: [String]) -> [Int] { names.map { positions[$0] ?? -1 } }

    /// The value at a position from `positions(of:)`; `.null` for -1.
    func value(atPosition position: Int) -> SQLValue { position >= 0 ? value(at: position) : .null }

    /// The value of the column named `name` (its `AS` name if it has one); `.null` if none.
    func value(_ name: String) -> SQLValue {
        guard let position = positions[name] else { return .null }
        return value(at: position)
    }
}

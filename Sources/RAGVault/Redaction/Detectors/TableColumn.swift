/// The header cell of the table column a position is in: the cell at the same column on the
/// first line of the block of lines that split into as many cells by the same delimiter
/// (`|`, tab, `,`, `;`). Lets a header name what a bare cell holds ("SSN", "NHS number").
enum TableColumn {
    static func header(_ s: UnsafeBufferPointer<UInt8>, _ at: Int) -> Range<Int>? {
        let lineStart = CredentialStructure.lineStart(s, at), lineEnd = CredentialStructure.lineEnd(s, at)
        var b = at
        while b > lineStart && (s[b - 1] == 0x20 || s[b - 1] == 0x22) { b -= 1 }
        var delimiter: UInt8? = b > lineStart && CredentialStructure.isDelimiter(s[b - 1]) ? s[b - 1] : nil
        if delimiter == nil {
            var f = at
            while f < lineEnd && !CredentialStructure.isDelimiter(s[f]) && f - at < 64 { f += 1 }
            if f < lineEnd, CredentialStructure.isDelimiter(s[f]) { delimiter = s[f] }
        }
        guard let delimiter else { return nil }
        let cells = CredentialStructure.delimiterCount(s, lineStart, lineEnd, delimiter)
        guard cells > 0 else { return nil }
        let column = CredentialStructure.delimiterCount(s, lineStart, at, delimiter)
        // Up through rows of the same shape (and a Markdown separator row) to the first one.
        var header = lineStart, rows = 0
        while header > 0 && rows < 200 {
            let previous = CredentialStructure.lineStart(s, header - 1)
            guard CredentialStructure.delimiterCount(s, previous, header - 1, delimiter) == cells else { break }
            header = previous
            rows += 1
        }
        guard header < lineStart else { return nil }
        var k = header, seen = 0, cellStart = header
        let headerEnd = CredentialStructure.lineEnd(s, header)
        while k < headerEnd {
            if s[k] == delimiter {
                if seen == column { break }
                seen += 1
                cellStart = k + 1
            }
            k += 1
        }
        return seen == column ? cellStart..<k : nil
    }
}

/// Dates of birth, only next to a birth keyword.
extension PIIDetectors {
    static let dobKeywords: [[UInt8]] = ["date of birth", "dob", "d.o.b", "born on", "born", "birthday", "birth date", "birthdate"].map { Array($0.utf8) }
    static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"].map { Array($0.utf8) }

    static func dateOfBirth(_ s: UnsafeBufferPointer<UInt8>, at: Int, into out: inout [Candidate]) {
        guard at == 0 || !Bytes.isAlpha(s[at - 1]) else { return }
        guard let keyword = dobKeywords.first(where: { Bytes.matchesIgnoringCase(s, at, $0) }) else { return }
        var k = at + keyword.count
        guard k >= s.count || !Bytes.isAlpha(s[k]) else { return }
        let limit = min(s.count, k + 24)
        while k < limit && !(Bytes.isDigit(s[k]) || Bytes.isAlpha(s[k]) && months.contains(where: { Bytes.matchesIgnoringCase(s, k, $0) })) { k += 1 }
        guard k < limit, let end = date(s, k) else { return }
        out.append(Candidate(type: .dateOfBirth, start: k, end: end, detector: "date_of_birth"))
    }

    /// 12/31/1990, 31.12.1990, 1990-12-31, December 31, 1990, 31 Dec 1990.
    static func date(_ s: UnsafeBufferPointer<UInt8>, _ at: Int) -> Int? {
        if Bytes.isDigit(s[at]) {
            let a = Bytes.run(s, from: at, limit: 5, Bytes.isDigit)
            guard a < s.count else { return nil }
            let sep = s[a]
            if sep == 0x2F || sep == 0x2D || sep == 0x2E {
                let b = Bytes.run(s, from: a + 1, limit: 3, Bytes.isDigit)
                guard b > a + 1, b < s.count, s[b] == sep else { return nil }
                let c = Bytes.run(s, from: b + 1, limit: 5, Bytes.isDigit)
                guard c - b - 1 == 4 || c - b - 1 == 2 || (a - at == 4 && c - b - 1 <= 2) else { return nil }
                return c
            }
            if sep == 0x20, a - at <= 2 {
                let m = a + 1
                guard months.contains(where: { Bytes.matchesIgnoringCase(s, m, $0) }) else { return nil }
                let me = Bytes.run(s, from: m, limit: 10, Bytes.isAlpha)
                guard me + 1 < s.count, s[me] == 0x20 else { return nil }
                let y = Bytes.run(s, from: me + 1, limit: 5, Bytes.isDigit)
                return y - me - 1 == 4 ? y : nil
            }
            return nil
        }
        let me = Bytes.run(s, from: at, limit: 10, Bytes.isAlpha)
        guard me + 1 < s.count, s[me] == 0x20 || s[me] == 0x2E else { return nil }
        var k = me + 1
        if s[me] == 0x2E, k < s.count, s[k] == 0x20 { k += 1 }
        let d = Bytes.run(s, from: k, limit: 3, Bytes.isDigit)
        guard d > k else { return nil }
        var y = d
        if y < s.count, s[y] == 0x2C { y += 1 }
        while y < s.count, s[y] == 0x20 { y += 1 }
        let ye = Bytes.run(s, from: y, limit: 5, Bytes.isDigit)
        return ye - y == 4 ? ye : nil
    }
}

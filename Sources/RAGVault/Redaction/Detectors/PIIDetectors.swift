/// Personal data: e-mail, phone, payment card, IBAN, US SSN, IPv4/IPv6, MAC, Bitcoin
/// addresses, dates of birth in context, and national identifiers with check digits.
/// Each candidate passes a validator; look-alikes (a Luhn-invalid card number) stay.
enum PIIDetectors {
    static func scan(_ s: UnsafeBufferPointer<UInt8>, into out: inout [Candidate]) {
        var i = 0
        var lastDigitRunEnd = -1
        while i < s.count {
            let b = s[i]
            if b == 0x40 { email(s, at: i, into: &out) }
            let previous: UInt8 = i > 0 ? s[i - 1] : 0x20
            // Numbers and identifiers start after anything but a letter, digit, '.' or '_'.
            let boundary = !(Bytes.isAlnum(previous) || previous == 0x2E || previous == 0x5F)
            // Inside a number already judged, sub-numbers are not new ones.
            if boundary && i >= lastDigitRunEnd {
                if Bytes.isDigit(b) {
                    let before = out.count
                    trailingLetterIDs(s, at: i, into: &out)
                    if out.count > before {
                        lastDigitRunEnd = out[out.count - 1].end
                        i = Bytes.run(s, from: i + 1, Bytes.isAlnum)
                        continue
                    }
                }
                // A number is judged whole: "1234 5678 9012 3456" failing Luhn must not yield a
                // card from its last twelve digits.
                if Bytes.isDigit(b) || b == 0x2B || b == 0x28 {
                    let end = numbers(s, at: i, into: &out)
                    if end > i { lastDigitRunEnd = end }
                }
                if Bytes.isAlpha(b) { letterLed(s, at: i, into: &out) }
                if b == 0x31 || b == 0x33 || b == 0x62 { bitcoin(s, at: i, into: &out) }
            }
            // Addresses start after anything but a word character or a colon ("db8::1" inside
            // "12345:db8::1" is not an address of its own), and have a separator within the
            // first five characters — which rules out ordinary words at once.
            if (Bytes.isHex(b) || b == 0x3A) && !(Bytes.isAlnum(previous) || previous == 0x3A || previous == 0x2E || previous == 0x5F) {
                let hexEnd = Bytes.run(s, from: i, limit: 5, Bytes.isHex)
                if hexEnd < s.count, s[hexEnd] == 0x3A || s[hexEnd] == 0x2D || s[hexEnd] == 0x2E { network(s, at: i, into: &out) }
            }
            // "born", "birth…", "dob", "date of birth", "d.o.b": b/d followed by o, i, a or '.'.
            if (b | 0x20) == 0x62 || (b | 0x20) == 0x64, i + 1 < s.count, !Bytes.isAlpha(previous),
               [0x6F, 0x69, 0x61, 0x2E].contains(s[i + 1] | (s[i + 1] == 0x2E ? 0 : 0x20)) {
                dateOfBirth(s, at: i, into: &out)
            }
            // Nothing starts inside an alphanumeric run: go straight to its end.
            i = Bytes.isAlnum(b) ? Bytes.run(s, from: i + 1, Bytes.isAlnum) : i + 1
        }
    }

    // MARK: e-mail

    private static func isLocal(_ b: UInt8) -> Bool { Bytes.isAlnum(b) || b == 0x2E || b == 0x5F || b == 0x25 || b == 0x2B || b == 0x2D }

    static func email(_ s: UnsafeBufferPointer<UInt8>, at: Int, into out: inout [Candidate]) {
        var start = at
        while start > 0 && isLocal(s[start - 1]) && at - start < 64 { start -= 1 }
        while start < at && !Bytes.isAlnum(s[start]) { start += 1 }
        guard start < at else { return }
        var k = at + 1
        var lastDot = -1
        var labelLength = 0
        while k < s.count && k - at < 255 {
            let c = s[k]
            if Bytes.isAlnum(c) || c == 0x2D { labelLength += 1; k += 1; continue }
            if c == 0x2E && labelLength > 0 && k + 1 < s.count && Bytes.isAlnum(s[k + 1]) { lastDot = k; labelLength = 0; k += 1; continue }
            break
        }
        guard lastDot > at, k - lastDot - 1 >= 2, (lastDot + 1..<k).allSatisfy({ Bytes.isAlpha(s[$0]) }) else { return }
        out.append(Candidate(type: .email, start: start, end: k, detector: "email"))
    }
}

/// Personal data: e-mail, phone, payment card, IBAN, US SSN, IPv4/IPv6, MAC, Bitcoin
/// addresses, dates of birth in context, and national identifiers with check digits.
/// Each candidate passes a validator; look-alikes (a Luhn-invalid card number) stay.
enum PIIDetectors {
    /// What one point's look leaves for the next.
    struct State {
        /// Inside a number already judged, sub-numbers are not new ones.
        var lastDigitRunEnd = -1
        var numbers = NumberScratch()
    }

    /// Whether `visit` can find anything at a point whose first two bytes are `b`, `next`:
    /// what the walk's `DetectorGate` is built from (letters are then narrowed by
    /// `mayStartAtLetter`). No personal data starts at '-' or '='; the other marks start
    /// e-mails, phones and IPv6.
    static func mayStart(_ b: UInt8, _ next: UInt8) -> Bool { b != 0x2D && b != 0x3D }

    /// Whether `visit` can find anything at a point that starts a run of letters — the test
    /// `visit` itself makes first for each letter-led shape, so most words are passed by here
    /// without a call: an IBAN or NIE (a digit third, or X/Y/Z), "bc1…", "born"/"dob"
    /// (b or d), or a short hex word before a separator (MAC, IPv6).
    @inline(__always)
    static func mayStartAtLetter(_ s: UnsafeBufferPointer<UInt8>, _ index: ScanIndex, _ k: Int, _ i: Int) -> Bool {
        let b = s[i], folded = b | 0x20
        return folded == 0x62 || folded == 0x64 || b == 0x58 || b == 0x59 || b == 0x5A
            || (i + 3 < s.count && Bytes.isDigit(s[i + 2]))
            || (Bytes.isHex(b) && Int(index.ends[k]) - i <= 4)
    }

    /// Every shape starts at a run start (nothing starts inside an alphanumeric run) or on a
    /// mark ('@', '+', '(', ':'): the shapes anchored at point `k` (position `i`).
    @inline(__always)
    static func visit(
        _ s: UnsafeBufferPointer<UInt8>, _ index: ScanIndex, _ k: Int, _ i: Int, state: inout State,
        into out: inout [Candidate]
    ) {
        let b = s[i]
        if b == 0x40 { email(s, at: i, into: &out); return }
        let previous: UInt8 = i > 0 ? s[i - 1] : 0x20
        // Numbers and identifiers start after anything but a letter, digit, '.' or '_'.
        let boundary = !(Bytes.isAlnum(previous) || previous == 0x2E || previous == 0x5F)
        if boundary && i >= state.lastDigitRunEnd {
            if Bytes.isDigit(b) {
                let before = out.count
                trailingLetterIDs(s, at: i, into: &out)
                if out.count > before { state.lastDigitRunEnd = out[out.count - 1].end; return }
            }
            // A number is judged whole: "1234 5678 9012 3456" failing Luhn must not yield a
            // card from its last twelve digits.
            if Bytes.isDigit(b) || b == 0x2B || b == 0x28 {
                let end = numbers(s, at: i, into: &out, scratch: &state.numbers)
                if end > i { state.lastDigitRunEnd = end }
            }
            // IBANs have digits after the country code; Spanish NIEs start X, Y or Z.
            if Bytes.isAlpha(b), i + 3 < s.count, Bytes.isDigit(s[i + 2]) || b == 0x58 || b == 0x59 || b == 0x5A {
                letterLed(s, at: i, into: &out)
            }
            if b == 0x31 || b == 0x33 || b == 0x62 { bitcoin(s, at: i, into: &out) }
            if b == 0x30, i + 1 < s.count, s[i + 1] == 0x78 || s[i + 1] == 0x58 {
                let before = out.count
                ethereum(s, at: i, into: &out)
                if out.count > before { state.lastDigitRunEnd = out[out.count - 1].end; return }
            }
        }
        // Addresses start after anything but a word character or a colon ("db8::1" inside
        // "12345:db8::1" is not an address of its own), and have a separator within the
        // first five characters — which rules out ordinary words at once.
        if (Bytes.isHex(b) || b == 0x3A) && !(Bytes.isAlnum(previous) || previous == 0x3A || previous == 0x2E || previous == 0x5F) {
            let runEnd = Int(index.ends[k]) // a mark's "run" is itself, so "::1" passes
            let hexEnd = b == 0x3A ? i : runEnd
            if hexEnd - i <= 4, hexEnd < s.count, s[hexEnd] == 0x3A || s[hexEnd] == 0x2D || s[hexEnd] == 0x2E,
                (i..<hexEnd).allSatisfy({ Bytes.isHex(s[$0]) })
            {
                network(s, at: i, into: &out)
            }
        }
        // "born", "birth…", "dob", "date of birth", "d.o.b": b/d followed by o, i, a or '.'.
        if (b | 0x20) == 0x62 || (b | 0x20) == 0x64, i + 1 < s.count, !Bytes.isAlpha(previous),
            case let next = s[i + 1] | (s[i + 1] == 0x2E ? 0 : 0x20), next == 0x6F || next == 0x69 || next == 0x61 || next == 0x2E
        {
            dateOfBirth(s, at: i, into: &out)
        }
    }

    // MARK: e-mail

    private static func isLocal(_ b: UInt8) -> Bool { Bytes.isAlnum(b) || b == 0x2E || b == 0x5F || b == 0x25 || b == 0x2B || b == 0x2D }

    /// Whether the '@' at `at` ends the user info of a URL: `://`, then a `user:` part, then
    /// no '/' (the path) before it, all in one token.
    private static func isURLUserInfo(_ s: UnsafeBufferPointer<UInt8>, at: Int) -> Bool {
        var k = at - 1
        var sawColon = false
        while k >= 2 && at - k < 384 && !Bytes.isSpace(s[k]) {
            if s[k] == 0x2F {
                return s[k - 1] == 0x2F && s[k - 2] == 0x3A && sawColon
            }
            if s[k] == 0x3A { sawColon = true }
            k -= 1
        }
        return false
    }

    static func email(_ s: UnsafeBufferPointer<UInt8>, at: Int, into out: inout [Candidate]) {
        var start = at
        while start > 0 && isLocal(s[start - 1]) && at - start < 64 { start -= 1 }
        while start < at && !Bytes.isAlnum(s[start]) { start += 1 }
        guard start < at else { return }
        // "scheme://user:password@host" is a URL's user info, never an address: the password
        // is a credential (found as one) and the host stays visible.
        if isURLUserInfo(s, at: at) { return }
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

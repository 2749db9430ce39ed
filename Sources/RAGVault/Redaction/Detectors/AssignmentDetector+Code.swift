/// Telling a literal secret from code and prose around a secret-sounding name.
extension AssignmentDetector {
    private static let typeNames: [[UInt8]] = [
        "bytes", "str", "string", "int", "bool", "any", "object", "optional",
        "char", "secretstr", "secretbytes", "none", "self", "text"
    ].map { Array($0.utf8) }
    private static let docFields: [[UInt8]] = [":param ", ":type ", "@param "].map { Array($0.utf8) }
    private static let receivers: [[UInt8]] = ["self_", "this_", "cls_"].map { Array($0.utf8) }

    /// Whether the value after a secret-sounding name is code or prose, not a literal:
    /// - the same name passed along (`self.password = password`, `SERVER_AUTH: "serverAuth"`),
    ///   or a name made of secret words (`key_password`, `user_pass`, `auth`);
    /// - an attribute set from a name (`self.credentials = authorizer`);
    /// - a type in a signature (`password: bytes`) or a docstring field (`:param password: …`);
    /// - an expression: a quoted piece joined to more (`"Basic " + credentials`), a chained
    ///   assignment (`userid = passwd = acct`), dotted digits (`'1.3.6.1.5.5.7.3.1'`);
    /// - `key:value` without a space after a password-ish key (`"passwd:gecos"`; YAML needs
    ///   the space), or after ':' a word followed by more words ("First pass: determine …").
    static func isCodeOrProse(
        _ s: UnsafeBufferPointer<UInt8>, key: [UInt8], keyStart: Int, separator: Int,
        start: Int, end: Int, quoted: Bool, rule: Strength
    ) -> Bool {
        // Names are short: longer values are judged by the detectors' own rules, and every
        // check here stays constant work per candidate.
        let short = end - start <= 64
        let value = short ? (start..<end).map { s[$0] == 0x2D ? 0x5F : Bytes.lower(s[$0]) } : []
        var after = quoted ? end + 1 : end
        while after < s.count && (s[after] == 0x20 || s[after] == 0x09) && after - end < 8 { after += 1 }
        let next: UInt8 = after < s.count ? s[after] : 0x0A
        if quoted {
            if next == 0x2B || next == 0x25 || (next == 0x2E && after + 1 < s.count && Bytes.isAlpha(s[after + 1])) { return true }
            // "cipher_auth=" under cipher_auth: the setting's own name, written as a template.
            let name = value.last == 0x3D || value.last == 0x3A ? Array(value.dropLast()) : value
            return short && (isSameNameIgnoringSeparators(name, key) || isDottedDigits(value))
        }
        // A chained assignment ("userid = passwd = acct = ''"): the value is another name.
        if after > end, next == 0x3D, !(after + 1 < s.count && s[after + 1] == 0x3D) { return true }
        let isIdentifier = short && (Bytes.isAlpha(s[start]) || s[start] == 0x5F) && (start..<end).allSatisfy { Bytes.isAlnum(s[$0]) || s[$0] == 0x5F }
        if isIdentifier {
            if typeNames.contains(value) { return true }
            if isSameName(value, key) { return true }
            if hasKeywordPart(value) { return true }
            if value.contains(0x5F), keywordBytes.contains(where: { $0.2 && contains(value, $0.0) }) { return true }
            if receivers.contains(where: { key.starts(with: $0) }) { return true } // self.x = name
        }
        if short && isDottedDigits(value) { return true }
        // `$pw = Read-Host -AsSecureString`, `$cred = Get-Credential`: a PowerShell cmdlet's result.
        if keyStart > 0, s[keyStart - 1] == 0x24, isCmdletName(s, start, end) { return true }
        for field in docFields where Bytes.matchesIgnoringCase(s, keyStart - field.count, field) { return true }
        if rule == .password {
            if s[separator] == 0x3A, separator + 1 < s.count, s[separator + 1] != 0x20, s[separator + 1] != 0x09 { return true }
            // After "password:" or "password = " a password ends its line or meets a delimiter;
            // more words make it prose or code ("auth = auths and sorted(…)"). After a bare
            // "KEY=value" more words are a command line's next argument.
            let spaced = s[separator] == 0x3A || (separator > 0 && s[separator - 1] == 0x20) || (separator + 1 < s.count && s[separator + 1] == 0x20)
            if spaced, after > end, Bytes.isAlnum(next) { return true }
        }
        return false
    }

    /// Verb-Noun in PowerShell's casing: letters, one hyphen, each side capitalised.
    private static func isCmdletName(_ s: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        guard let hyphen = (start..<end).first(where: { s[$0] == 0x2D }), hyphen > start + 1, hyphen + 2 < end,
            Bytes.isUpper(s[start]), Bytes.isUpper(s[hyphen + 1])
        else { return false }
        return (start..<end).allSatisfy { $0 == hyphen || Bytes.isAlpha(s[$0]) }
    }

    /// `password` for `self_password`, `pre_auth` for `self_pre_auth`: the key ends with the value.
    private static func isSameName(_ value: [UInt8], _ key: [UInt8]) -> Bool {
        guard !value.isEmpty, key.count >= value.count, key.suffix(value.count).elementsEqual(value) else { return false }
        return key.count == value.count || key[key.count - value.count - 1] == 0x5F
    }

    /// A part of `user_pass` (between '_') is a keyword: the value is a name made of secret words.
    private static func hasKeywordPart(_ value: [UInt8]) -> Bool {
        var start = 0
        for k in 0...value.count where k == value.count || value[k] == 0x5F {
            let part = value[start..<k]
            if !part.isEmpty, keywordBytes.contains(where: { $0.0.elementsEqual(part) }) { return true }
            start = k + 1
        }
        return false
    }

    /// `"serverAuth"` for `SERVER_AUTH`: the value, without separators, is the key's last words
    /// (whole words of it). Compared backwards in place, without building either side.
    private static func isSameNameIgnoringSeparators(_ value: [UInt8], _ key: [UInt8]) -> Bool {
        var v = value.count - 1, k = key.count - 1, matched = 0
        while true {
            while v >= 0 && value[v] == 0x5F { v -= 1 }
            while k >= 0 && key[k] == 0x5F { k -= 1 }
            // The value is used up: it matched if it ended on a word boundary of the key.
            if v < 0 { return matched > 0 && (k < 0 || key[k + 1] == 0x5F) }
            guard k >= 0, key[k] == value[v] else { return false }
            matched += 1
            v -= 1
            k -= 1
        }
    }

    /// Digits and at least two dots: an OID or a version, not a password.
    private static func isDottedDigits(_ value: [UInt8]) -> Bool {
        value.filter { $0 == 0x2E }.count >= 2 && value.allSatisfy { Bytes.isDigit($0) || $0 == 0x2E }
    }
}

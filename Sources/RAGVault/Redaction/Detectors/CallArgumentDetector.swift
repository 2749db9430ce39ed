/// Credentials passed by position to calls whose name says what they take: a user and then a
/// secret (`login("u", "X")`, `mysql_connect("host", "user", "X")`, `new PDO($dsn, 'u', 'X')`,
/// `HTTPBasicAuth('u', 'X')`, `new NetworkCredential("u", "X")`, `auth=("u", "X")`), or the
/// secret alone (`setPassword("X")`, `builder.password("X")`, `withToken("X")`). Keyword
/// arguments (`password="X"`) are assignments, read by `AssignmentDetector`.
enum CallArgumentDetector {
    /// Calls whose first string argument is the secret (`true`), and calls that take a user
    /// (or host and user) first and the secret after it: the last string argument, when it is
    /// not the first (`false`). Grouped by name length, compared in place: this runs at every
    /// '(' of a text.
    private static let names: [[(name: [UInt8], setter: Bool)]] = {
        let setters = [
            "setpassword", "withpassword", "password", "setpasswd", "setapikey", "withapikey", "apikey", "settoken", "withtoken",
            "setsecret", "withsecret", "setclientsecret", "clientsecret", "setaccesstoken", "withaccesstoken", "setauthtoken",
            "withauthtoken", "setbearertoken", "bearertoken"
        ]
        let logins = [
            "login", "log_in", "signin", "sign_in", "authenticate", "connect", "mysql_connect", "mysqli_connect", "mysqli",
            "pg_connect", "getconnection", "pdo", "networkcredential", "usernamepasswordcredentials",
            "usernamepasswordauthenticationtoken", "usernamepasswordtoken", "httpbasicauth", "httpdigestauth", "basicauth",
            "digestauth", "passwordauthentication", "credentials", "basiccredentials", "simplecredentials", "plainauth",
            "createuser", "adduser", "ldap_bind", "setcredentials", "withcredentials", "auth", "basic_auth"
        ]
        var table = [[(name: [UInt8], setter: Bool)]](repeating: [], count: 48)
        for (list, setter) in [(setters, true), (logins, false)] {
            for name in list { table[name.utf8.count].append((Array(name.utf8), setter)) }
        }
        return table
    }()

    /// Whether `visit` can find anything at a point whose first two bytes are `b`, `next`
    /// (`next` 0 at the end of the text): what the walk's `DetectorGate` is built from.
    static func mayStart(_ b: UInt8, _ next: UInt8) -> Bool { b == 0x28 }

    @inline(__always)
    static func visit(_ s: UnsafeBufferPointer<UInt8>, _ i: Int, into out: inout [Candidate]) -> Int? {
        guard s[i] == 0x28, i > 0 else { return nil }
        let (start, end) = calleeName(s, i)
        guard end - start >= 3, end - start < 48, let setter = kind(s, start, end) else { return nil }
        let args = arguments(s, from: i + 1)
        guard let pick = setter ? args.first : args.last, pick.quoted, pick.index >= (setter ? 0 : 1),
            CredentialValue.accepts(s, pick.start, pick.end, kind: .password, quoted: true)
        else { return nil }
        out.append(Candidate(type: .password, start: pick.start, end: pick.end, detector: "call_argument"))
        return pick.end
    }

    /// Whether the name at `start..<end` is a setter's (true), a login's (false), or neither.
    private static func kind(_ s: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool? {
        for entry in names[end - start] where Bytes.matchesIgnoringCase(s, start, entry.name) { return entry.setter }
        return nil
    }

    /// Where the name before `(` is, without its receiver (`ftp.login` → `login`); for a tuple
    /// after `auth=` or `auth:` (`requests.get(url, auth=("u", "X"))`), `auth`.
    private static func calleeName(_ s: UnsafeBufferPointer<UInt8>, _ paren: Int) -> (Int, Int) {
        var end = paren
        while end > 0 && s[end - 1] == 0x20 && paren - end < 2 { end -= 1 }
        if end > 0, s[end - 1] == 0x3D || s[end - 1] == 0x3A {
            end -= 1
            while end > 0 && s[end - 1] == 0x20 { end -= 1 }
        }
        var start = end
        while start > 0 && (Bytes.isAlnum(s[start - 1]) || s[start - 1] == 0x5F) && end - start < 48 { start -= 1 }
        return (start, end)
    }

    typealias Argument = (index: Int, start: Int, end: Int, quoted: Bool)

    /// The string-literal arguments up to the closing parenthesis (each with its position
    /// among all arguments); nested calls and brackets are skipped whole.
    private static func arguments(_ s: UnsafeBufferPointer<UInt8>, from: Int) -> [Argument] {
        var found: [Argument] = [], index = 0, depth = 0, k = from, argumentStart = from
        while k < s.count && k - from < 512 {
            let c = s[k]
            if c == 0x22 || c == 0x27 {
                var end = k + 1
                while end < s.count && s[end] != c && s[end] != 0x0A && end - k < 256 { end += s[end] == 0x5C ? 2 : 1 }
                guard end < s.count, s[end] == c else { return found }
                // Only a literal that is the whole argument: `"a" + b` and `key="x"` are not.
                if depth == 0 {
                    var before = argumentStart
                    while before < k && Bytes.isSpace(s[before]) { before += 1 }
                    var after = end + 1
                    while after < s.count && Bytes.isSpace(s[after]) { after += 1 }
                    if before == k, after < s.count, s[after] == 0x2C || s[after] == 0x29 { found.append((index, k + 1, end, true)) }
                }
                k = end + 1
                continue
            }
            if c == 0x28 || c == 0x5B || c == 0x7B {
                depth += 1
            } else if c == 0x29 || c == 0x5D || c == 0x7D {
                if depth == 0 { return found }
                depth -= 1
            } else if c == 0x2C && depth == 0 {
                index += 1
                argumentStart = k + 1
            } else if c == 0x3B {
                return found
            }
            k += 1
        }
        return found
    }
}

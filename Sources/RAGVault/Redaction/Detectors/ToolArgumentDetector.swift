/// Credentials given to well-known command-line tools where their manuals put them: a flag
/// (`docker login -p X`, `redis-cli -a X`, `ldapsearch -w X`, `keytool -storepass X`,
/// `zip -P X`, `sqlcmd -P X`, `openssl … -passout pass:X`, `influx … --token X`), a flag
/// glued to its value (`7z a -pX`), a position (`rabbitmqctl add_user U X`, `net user U X`,
/// `vault login X`, `htpasswd -b file U X`), or part of an argument (`smbclient -U user%X`,
/// `lftp -u user,X`, `sqlplus user/X@db`). A command may go on over lines ending in `\`.
/// Generic secret flags (`--password`, `--api-key`) are `CommandLineCredentialDetector`'s.
enum ToolArgumentDetector {
    struct Tool {
        let names: [[UInt8]]
        /// The subcommand the flags and positions belong to ("login" for `docker`), if any.
        let subcommand: [UInt8]?
        let flags: [[UInt8]]
        let glued: [[UInt8]]
        /// The position of the secret among the arguments after the subcommand (0-based).
        let position: Int?
        /// What separates a user from the secret inside one argument ('%', ',', '/').
        let joiner: UInt8?

        init(_ names: [String], sub: String? = nil, flags: [String] = [], glued: [String] = [], position: Int? = nil, joiner: Character? = nil) {
            self.names = names.map { Array($0.utf8) }
            subcommand = sub.map { Array($0.utf8) }
            self.flags = flags.map { Array($0.utf8) }
            self.glued = glued.map { Array($0.utf8) }
            self.position = position
            self.joiner = joiner?.asciiValue
            slashFlags = self.glued.contains { $0.first == 0x2F }
        }
        /// Whether flags start with '/' (Windows tools) as well as '-'.
        let slashFlags: Bool
    }

    /// From the tools' own manuals (docker login(1), az login, oc login, mongosh, redis-cli,
    /// ldapsearch(1), keytool, zip(1), 7z, sqlcmd, openssl-passphrase-options(1), rabbitmqctl(8),
    /// net user, vault login, gh secret set, influx auth, htpasswd(1), smbclient(1), lftp(1), sqlplus,
    /// mc alias, wpa_passphrase(8), ipmitool(1), PuTTY's pscp/plink, PsExec, xfreerdp(1),
    /// mosquitto_pub(1), rar, jarsigner, rdesktop(1), snmpcmd(1)'s SNMPv3 passphrases, PowerShell's
    /// ConvertTo-SecureString).
    static let tools: [Tool] = [
        Tool(["docker", "podman", "nerdctl"], sub: "login", flags: ["-p", "--password"]),
        Tool(["az"], sub: "login", flags: ["-p", "--password"]),
        Tool(["oc"], sub: "login", flags: ["-p", "--password", "--token"]),
        Tool(["cf"], sub: "login", flags: ["-p"]),
        Tool(["cf"], sub: "auth", position: 1),
        Tool(
            ["mongosh", "mongo", "mongodump", "mongorestore", "mongoexport", "mongoimport", "mongostat", "mongotop"],
            flags: ["-p", "--password"]),
        Tool(["redis-cli"], flags: ["-a", "--pass"]),
        Tool(["ldapsearch", "ldapadd", "ldapmodify", "ldapdelete", "ldapwhoami", "ldappasswd", "ldapcompare", "ldapmodrdn"], flags: ["-w"]),
        Tool(["keytool"], flags: ["-storepass", "-keypass", "-srcstorepass", "-deststorepass", "-srckeypass", "-destkeypass", "-new"]),
        Tool(["zip", "unzip", "zipcloak"], flags: ["-P", "--password"]),
        Tool(["7z", "7za", "7zr"], glued: ["-p"]),
        Tool(["sqlcmd", "bcp", "osql", "isql"], flags: ["-P"]),
        Tool(["openssl"], flags: ["-passout", "-passin", "-pass", "-k", "-password", "-kfile"]),
        Tool(["rabbitmqctl"], sub: "add_user", position: 1),
        Tool(["rabbitmqctl"], sub: "change_password", position: 1),
        Tool(["rabbitmqctl"], sub: "authenticate_user", position: 1),
        Tool(["net"], sub: "user", position: 1),
        Tool(["vault", "bao"], sub: "login", position: 0),
        Tool(["gh"], sub: "secret", flags: ["--body", "-b"]),
        Tool(["influx"], flags: ["--token", "-t"]),
        Tool(["htpasswd"], position: 2),
        Tool(["smbclient", "rpcclient", "smbcacls"], flags: ["-U", "--user"], joiner: "%"),
        Tool(["lftp"], flags: ["-u"], joiner: ","),
        Tool(["sqlplus"], position: 0, joiner: "/"),
        Tool(["mc", "mcli"], sub: "alias", position: 4),
        Tool(["mc", "mcli"], sub: "config", position: 5),
        Tool(["wpa_passphrase"], position: 1),
        Tool(["ipmitool"], flags: ["-P"]),
        Tool(["pscp", "plink", "psftp", "putty"], flags: ["-pw"]),
        Tool(["psexec", "psexec64", "psexec.exe", "PsExec", "PsExec64", "PsExec.exe"], flags: ["-p"]),
        Tool(["xfreerdp", "xfreerdp3", "wlfreerdp", "sdl-freerdp", "sdl-freerdp3"], glued: ["/p:", "/password:"]),
        Tool(["mosquitto_pub", "mosquitto_sub", "mosquitto_rr"], flags: ["-P", "--pw"]),
        Tool(["rar", "unrar"], glued: ["-p"]),
        Tool(["jarsigner"], flags: ["-storepass", "-keypass"]),
        Tool(["rdesktop"], flags: ["-p"]),
        // PowerShell: `ConvertTo-SecureString "X" -AsPlainText -Force`, `-String X`.
        Tool(["ConvertTo-SecureString"], flags: ["-String"], position: 0),
        Tool(
            ["snmpwalk", "snmpbulkwalk", "snmpget", "snmpgetnext", "snmpbulkget", "snmpset", "snmptable", "snmptrap", "snmpstatus"],
            flags: ["-A", "-X"])
    ]

    /// First bytes of the tool names (`7 C P a b c d e g h i j k l m n o p r s u v w x z`) as the two masks
    /// of `Bytes.inSet`: a word is ruled out without a load (checked against `tools` by a test).
    /// The tools whose names start with each byte.
    private static let toolsByFirstByte: [[Int]] = (0..<256).map { b in tools.indices.filter { n in tools[n].names.contains { Int($0[0]) == b } } }

    /// Whether `visit` can find anything at a point whose first two bytes are `b`, `next`
    /// (`next` 0 at the end of the text): what the walk's `DetectorGate` is built from.
    static func mayStart(_ b: UInt8, _ next: UInt8) -> Bool { Bytes.inSet(b, firstByteMasks.0, firstByteMasks.1) }

    @inline(__always) static var firstByteMasks: (UInt64, UInt64) { (0x0080_0000_0000_0000, 0x05ED_FFBE_0001_0008) }

    @inline(__always)
    static func visit(_ s: UnsafeBufferPointer<UInt8>, _ i: Int, into out: inout [Candidate]) -> Int? {
        let (low, high) = firstByteMasks
        guard Bytes.inSet(s[i], low, high), startsCommand(s, i) else { return nil }
        return examine(s, i, into: &out)
    }

    @inline(never)
    private static func examine(_ s: UnsafeBufferPointer<UInt8>, _ i: Int, into out: inout [Candidate]) -> Int? {
        let nameEnd = Bytes.run(s, from: i, limit: 32) { Bytes.isWord($0) || $0 == 0x2E }
        guard nameEnd == s.count || Bytes.isSpace(s[nameEnd]) || s[nameEnd] == 0x5C else { return nil }
        let length = nameEnd - i
        var last: Int?, parsed: [Argument]?
        if pipeWriters.contains(where: { $0.count == length && Bytes.matches(s, i, $0) }) {
            guard let (a, z) = pipedSecret(s, after: nameEnd), CredentialValue.accepts(s, a, z, kind: .password, quoted: true) else { return nil }
            out.append(Candidate(type: .password, start: a, end: z, detector: "tool_argument"))
            return z
        }
        for n in toolsByFirstByte[Int(s[i])] where tools[n].names.contains(where: { $0.count == length && Bytes.matches(s, i, $0) }) {
            let tool = tools[n]
            let args = parsed ?? arguments(s, from: nameEnd)
            parsed = args
            for (a, z) in secrets(s, args, tool) where CredentialValue.accepts(s, a, z, kind: .password, quoted: true) {
                out.append(Candidate(type: .password, start: a, end: z, detector: "tool_argument"))
                last = max(last ?? z, z)
            }
        }
        return last
    }

    /// A command word: first on its line, or after a prompt, a pipe, `;`, `&&`, a quote
    /// (a command inside JSON or YAML), `$(` or `sudo`.
    @inline(__always)
    private static func startsCommand(_ s: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
        var k = i
        while k > 0 && (s[k - 1] == 0x20 || s[k - 1] == 0x09) { k -= 1 }
        if k == 0 { return true }
        switch s[k - 1] {
        case 0x0A, 0x24, 0x23, 0x7C, 0x26, 0x3B, 0x60, 0x28, 0x22, 0x27, 0x3E: return true
        case 0x3D: return Bytes.isUpper(s[i]) // `$pw = ConvertTo-SecureString …`: a PowerShell cmdlet's value assigned
        default:
            return k >= 4 && s[k - 4] == 0x73 && s[k - 3] == 0x75 && s[k - 2] == 0x64 && s[k - 1] == 0x6F && (k == 4 || Bytes.isSpace(s[k - 5]))
        }
    }

    typealias Argument = (start: Int, end: Int, quoted: Bool)

    /// The arguments of the command that starts before `from`: quoted or bare words, up to the
    /// end of its line (a line ending in `\` goes on), a `;`, `|` or `&&`, at most 48.
    static func arguments(_ s: UnsafeBufferPointer<UInt8>, from: Int) -> [Argument] {
        var args: [Argument] = [], k = from
        while k < s.count && args.count < 48 && k - from < 2048 {
            let c = s[k]
            if c == 0x20 || c == 0x09 || c == 0x0D { k += 1; continue }
            if c == 0x5C, Bytes.continuation(s, at: k) > 0 { k += Bytes.continuation(s, at: k); continue } // a continued line
            if c == 0x0A || c == 0x3B || c == 0x7C || c == 0x26 || c == 0x23 { break }
            var quote: UInt8?
            if c == 0x22 || c == 0x27 { quote = c } else if c == 0x24, k + 1 < s.count, s[k + 1] == 0x27 { quote = 0x27; k += 1 }
            if let quote {
                let end = Bytes.run(s, from: k + 1, limit: 512) { $0 != quote && $0 != 0x0A }
                guard end < s.count, s[end] == quote else { break }
                args.append((k + 1, end, true))
                k = end + 1
            } else {
                // A value ends at white space or at a quote closing the string the command is in.
                var end = Bytes.run(s, from: k, limit: 512) { !Bytes.isSpace($0) && $0 != 0x22 && $0 != 0x3B }
                if end - 1 > k, Bytes.continuation(s, at: end - 1) > 0 { end -= 1 } // `-pVALUE\⏎`: the word ends at the `\`
                args.append((k, end, false))
                k = end
                if k < s.count, s[k] == 0x22 { break }
            }
        }
        return args
    }

    /// The ranges the tool's documented flags and positions give its secret in `args`.
    private static func secrets(_ s: UnsafeBufferPointer<UInt8>, _ args: [Argument], _ tool: Tool) -> [(Int, Int)] {
        var first = 0
        if let sub = tool.subcommand {
            guard let n = args.firstIndex(where: { $0.end - $0.start == sub.count && Bytes.matches(s, $0.start, sub) }) else { return [] }
            first = n + 1
        }
        var found: [(Int, Int)] = [], positional = 0, n = first
        while n < args.count {
            let arg = args[n]
            // Windows-style tools (`xfreerdp /p:X`) write their flags with '/'.
            let isFlag = !arg.quoted && (s[arg.start] == 0x2D || (s[arg.start] == 0x2F && tool.slashFlags))
            if isFlag {
                let nameEnd = Bytes.run(s, from: arg.start, limit: arg.end - arg.start) { $0 != 0x3D }
                let name = Array(UnsafeBufferPointer(rebasing: s[arg.start..<nameEnd]))
                if tool.flags.contains(name) {
                    if nameEnd < arg.end {
                        found.append(part(s, (nameEnd + 1, arg.end), tool))
                    } else if n + 1 < args.count {
                        found.append(part(s, (args[n + 1].start, args[n + 1].end), tool))
                        n += 1
                    }
                } else if let glued = tool.glued.first(where: { Bytes.matches(s, arg.start, $0) }), arg.end > arg.start + glued.count {
                    found.append((arg.start + glued.count, arg.end))
                }
            } else {
                if positional == tool.position, !(arg.end - arg.start > 1 && (s[arg.start] == 0x2F || s[arg.start] == 0x2A)) {
                    // `vault login token=…` / `net user u /add` name a method or an option, not the secret.
                    if !(arg.start..<arg.end).contains(where: { s[$0] == 0x3D }) || arg.quoted { found.append(part(s, (arg.start, arg.end), tool)) }
                }
                positional += 1
            }
            n += 1
        }
        return found
    }

    /// The secret inside one argument: after the joiner (`user%X`, `user,X`, `user/X@db`),
    /// after `pass:` (openssl); `env:` and `file:` name where it is kept.
    private static func part(_ s: UnsafeBufferPointer<UInt8>, _ range: (Int, Int), _ tool: Tool) -> (Int, Int) {
        var (a, z) = range
        if Bytes.matches(s, a, Array("pass:".utf8)) { a += 5 }
        if Bytes.matches(s, a, Array("env:".utf8)) || Bytes.matches(s, a, Array("file:".utf8)) || Bytes.matches(s, a, Array("fd:".utf8)) { return (a, a) }
        if let joiner = tool.joiner {
            guard let cut = (a..<z).first(where: { s[$0] == joiner }) else { return tool.position != nil ? (a, a) : (a, z) }
            a = cut + 1
            if joiner == 0x2F, let at = (a..<z).first(where: { s[$0] == 0x40 }) { z = at }
        }
        return (a, z)
    }
}

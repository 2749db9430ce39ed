/// Secrets written into a pipe for the next command to read on its standard input, as the
/// tools' manuals tell scripts to: `echo X | docker login -u U --password-stdin` (docker,
/// podman, helm, oras), `echo X | gh auth login --with-token`, `echo X | sudo -S cmd`,
/// `echo X | passwd --stdin U`, `echo 'U:X' | chpasswd`.
extension ToolArgumentDetector {
    static let pipeWriters: [[UInt8]] = ["echo", "printf"].map { Array($0.utf8) }

    /// The secret `echo`/`printf` at `nameEnd`'s command writes, when the command it pipes into
    /// reads one from its standard input.
    static func pipedSecret(_ s: UnsafeBufferPointer<UInt8>, after nameEnd: Int) -> (Int, Int)? {
        let args = arguments(s, from: nameEnd)
        // The written value: the last argument that is no option (`-n`) and no format (`%s\n`).
        guard let last = args.last,
            let value = args.last(where: { !(s[$0.start] == 0x2D && !$0.quoted) && !($0.start..<$0.end).contains { s[$0] == 0x25 } })
        else { return nil }
        let pipe = Bytes.skipBlanks(s, from: last.end + (last.quoted ? 1 : 0))
        guard pipe + 1 < s.count, s[pipe] == 0x7C, s[pipe + 1] != 0x7C else { return nil }
        let reader = Bytes.skipBlanks(s, from: pipe + 1)
        let line = Bytes.run(s, from: reader, limit: 512) { $0 != 0x0A && $0 != 0x7C && $0 != 0x3B }
        guard readsSecret(s, reader, line) else { return nil }
        if Bytes.matches(s, reader, chpasswd), let colon = (value.start..<value.end).first(where: { s[$0] == 0x3A }) {
            return (colon + 1, value.end)
        }
        return (value.start, value.end)
    }

    private static func readsSecret(_ s: UnsafeBufferPointer<UInt8>, _ a: Int, _ z: Int) -> Bool {
        if Bytes.matches(s, a, chpasswd) || Bytes.matches(s, a, sudoS) { return true }
        if Bytes.matches(s, a, passwd) { return Bytes.firstIndex(of: stdin, in: s, from: a, to: z) != nil }
        return stdinFlags.contains { Bytes.firstIndex(of: $0, in: s, from: a, to: z) != nil }
    }

    private static let stdinFlags: [[UInt8]] = ["--password-stdin", "--with-token"].map { Array($0.utf8) }
    private static let stdin = Array("--stdin".utf8)
    private static let chpasswd = Array("chpasswd".utf8), sudoS = Array("sudo -S".utf8), passwd = Array("passwd ".utf8)
}

import Foundation

/// An IP address and whether an outbound call may reach it: loopback (this machine), public,
/// or non-public (private, link-local — cloud metadata lives there —, shared, multicast,
/// reserved). What an outbound URL's host resolves to is checked before each call.
struct NetworkAddress: Equatable {
    enum Kind { case loopback, nonPublic, publicAddress }

    let bytes: [UInt8]
    var kind: Kind { bytes.count == 4 ? Self.kind(v4: bytes) : Self.kind(v6: bytes) }
    var text: String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        return bytes.withUnsafeBytes { raw in
            inet_ntop(bytes.count == 4 ? AF_INET : AF_INET6, raw.baseAddress, &buffer, socklen_t(buffer.count)).map { String(cString: $0) } ?? "?"
        }
    }

    init(bytes: [UInt8]) { self.bytes = bytes }

    /// An IPv4 or IPv6 literal, or nil when `text` is a name.
    init?(literal text: String) {
        var v4 = in_addr(), v6 = in6_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            bytes = withUnsafeBytes(of: &v4) { Array($0) }
        } else if inet_pton(AF_INET6, text, &v6) == 1 {
            bytes = withUnsafeBytes(of: &v6) { Array($0) }
        } else {
            return nil
        }
    }

    /// Every address `host` resolves to (a literal resolves to itself); nil when it does not resolve.
    static func resolve(_ host: String) -> [NetworkAddress]? {
        if let literal = NetworkAddress(literal: host) { return [literal] }
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &list) == 0, let first = list else { return nil }
        defer { freeaddrinfo(list) }
        var found: [NetworkAddress] = []
        for node in sequence(first: first, next: { $0.pointee.ai_next }) {
            guard let address = node.pointee.ai_addr else { continue }
            switch Int32(address.pointee.sa_family) {
            case AF_INET:
                var a = address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr }
                found.append(NetworkAddress(bytes: withUnsafeBytes(of: &a) { Array($0) }))
            case AF_INET6:
                var a = address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee.sin6_addr }
                found.append(NetworkAddress(bytes: withUnsafeBytes(of: &a) { Array($0) }))
            default: continue
            }
        }
        return found
    }

    private static func kind(v4 b: [UInt8]) -> Kind {
        if b[0] == 127 { return .loopback }
        let nonPublic =
            b[0] == 0 || b[0] == 10 || (b[0] == 100 && b[1] & 0xC0 == 64) || (b[0] == 169 && b[1] == 254)
            || (b[0] == 172 && b[1] & 0xF0 == 16) || (b[0] == 192 && b[1] == 168) || (b[0] == 192 && b[1] == 0 && b[2] == 0)
            || (b[0] == 198 && b[1] & 0xFE == 18) || b[0] >= 224
        return nonPublic ? .nonPublic : .publicAddress
    }

    private static func kind(v6 b: [UInt8]) -> Kind {
        if b[0..<15].allSatisfy({ $0 == 0 }) && b[15] == 1 { return .loopback }
        // IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible forms are judged as the IPv4 address.
        if b[0..<10].allSatisfy({ $0 == 0 }) && ((b[10] == 0xFF && b[11] == 0xFF) || (b[10] == 0 && b[11] == 0 && b[12] != 0)) {
            return kind(v4: Array(b[12..<16]))
        }
        let nonPublic =
            b.allSatisfy({ $0 == 0 }) || b[0] & 0xFE == 0xFC || (b[0] == 0xFE && b[1] & 0xC0 == 0x80) || b[0] == 0xFF
            || (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0D && b[3] == 0xB8) || (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B)
        return nonPublic ? .nonPublic : .publicAddress
    }
}

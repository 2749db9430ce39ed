/// A wireless network's pre-shared key is chosen and typed like a password, though people call
/// it a key: the words that say a key is one ("the Wi-Fi key is …", "WLAN-Schlüssel: …",
/// "SSID: x / Key: …", "la clé Wi-Fi est …").
enum NetworkKey {
    /// Not "network" alone: `network: vpc-1⏎key: …` is configuration.
    private static let list = ["wifi", "wi-fi", "wlan", "wpa", "wpa2", "wpa3", "psk", "ssid", "wireless", "hotspot"]
    static let words = WordSet(list)
    /// One bit per letter a network word starts with: most words are passed over without a hash.
    private static let initials: UInt32 = list.reduce(0) { $0 | 1 << UInt32($1.utf8.first! - 0x61) }

    /// Whether a word before `start` on its line or the line above (up to 64 bytes back:
    /// "SSID: Office⏎Key: …") is one of `words`.
    static func named(_ s: UnsafeBufferPointer<UInt8>, before start: Int) -> Bool {
        var k = start, newlines = 0
        while k > 0 && start - k < 64 {
            if s[k - 1] == 0x0A {
                newlines += 1
                if newlines > 1 { return false }
            }
            guard Bytes.isAlnum(s[k - 1]) || s[k - 1] >= 0x80 else { k -= 1; continue }
            let end = k
            while k > 0 && (Bytes.isAlnum(s[k - 1]) || s[k - 1] >= 0x80 || (s[k - 1] == 0x2D && k >= 2 && Bytes.isAlpha(s[k - 2]))) { k -= 1 }
            if mayBeNetworkWord(s[k]), words.contains(s, k, end) { return true }
        }
        return false
    }

    @inline(__always) private static func mayBeNetworkWord(_ b: UInt8) -> Bool {
        let c = (b | 0x20) &- 0x61
        return c < 26 && initials & (1 << UInt32(c)) != 0
    }

    /// Whether one of the two words after `end` on its line is one of `words` ("la clé
    /// Wi-Fi est …", "la clave del wifi es …").
    static func named(_ s: UnsafeBufferPointer<UInt8>, after end: Int) -> Bool {
        var k = end, words = 0
        while k < s.count && words < 3 && s[k] != 0x0A {
            guard Bytes.isAlnum(s[k]) || s[k] >= 0x80 else { k += 1; continue }
            let start = k
            while k < s.count && (Bytes.isAlnum(s[k]) || s[k] >= 0x80 || (s[k] == 0x2D && k + 1 < s.count && Bytes.isAlpha(s[k + 1]))) { k += 1 }
            if mayBeNetworkWord(s[start]), Self.words.contains(s, start, k) { return true }
            words += 1
        }
        return false
    }
}

import CSodium

/// Check-digit and range validators: they turn "looks like a number" into "is one".
enum Validators {
    /// Luhn mod-10 over ASCII digits.
    static func luhn(_ digits: [UInt8]) -> Bool {
        guard digits.count >= 2 else { return false }
        var sum = 0, double = false
        for d in digits.reversed() {
            var v = Int(d &- 0x30)
            if double { v *= 2; if v > 9 { v -= 9 } }
            sum += v
            double.toggle()
        }
        return sum % 10 == 0
    }

    /// Payment card: 12–19 digits, a known issuer prefix for the length, Luhn.
    static func paymentCard(_ digits: [UInt8]) -> Bool {
        let n = digits.count
        guard (12...19).contains(n), luhn(digits), digits.contains(where: { $0 != digits[0] }) else { return false }
        func prefix(_ k: Int) -> Int { digits.prefix(k).reduce(0) { $0 * 10 + Int($1 - 0x30) } }
        let p1 = prefix(1), p2 = prefix(2), p3 = prefix(3), p4 = prefix(4), p6 = prefix(6)
        if p1 == 4 { return n == 13 || n == 16 || n == 19 } // Visa
        if (51...55).contains(p2) || (2221...2720).contains(p4) { return n == 16 } // Mastercard
        if p2 == 34 || p2 == 37 { return n == 15 } // Amex
        if p4 == 6011 || p2 == 65 || (644...649).contains(p3) || (622126...622925).contains(p6) { return n >= 16 } // Discover
        if (3528...3589).contains(p4) || p2 == 35 { return n >= 16 } // JCB
        if p4 == 1800 || p4 == 2131 { return n == 15 } // JCB (15-digit)
        if (300...305).contains(p3) || p2 == 36 || p2 == 38 || p2 == 39 { return (14...19).contains(n) } // Diners
        if p2 == 62 { return n >= 16 } // UnionPay
        if [5018, 5020, 5038, 5893, 6304, 6759, 6761, 6762, 6763].contains(p4) || p2 == 50 || (56...58).contains(p2) { return n >= 12 } // Maestro
        return false
    }

    /// IBAN lengths by country (ISO 13616 registry, common countries).
    static let ibanLengths: [String: Int] = [
        "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BR": 29, "BY": 28,
        "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "DO": 28, "EE": 20, "EG": 29, "ES": 24, "FI": 18,
        "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28, "HR": 21, "HU": 28, "IE": 22,
        "IL": 23, "IQ": 23, "IS": 26, "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20,
        "LU": 20, "LV": 21, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MR": 27, "MT": 31, "MU": 30, "NL": 18, "NO": 15,
        "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "SA": 24, "SC": 31, "SE": 24, "SI": 19,
        "SK": 24, "SM": 27, "ST": 25, "SV": 28, "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20
    ]

    /// IBAN: country length and mod-97 == 1 (spaces already removed, upper-case).
    static func iban(_ chars: [UInt8]) -> Bool {
        guard chars.count >= 15, let expected = ibanLengths[String(decoding: chars.prefix(2), as: UTF8.self)],
            chars.count == expected
        else { return false }
        let rearranged = Array(chars[4...]) + Array(chars[..<4])
        var remainder = 0
        for c in rearranged {
            if Bytes.isDigit(c) {
                remainder = (remainder * 10 + Int(c - 0x30)) % 97
            } else if Bytes.isUpper(c) {
                remainder = (remainder * 100 + Int(c - 0x41 + 10)) % 97
            } else {
                return false
            }
        }
        return remainder == 1
    }

    /// US SSN ranges: area 001–899 but not 666, group 01–99, serial 0001–9999. Published
    /// samples (078-05-1120, 123-45-6789…) are SSN-shaped and read as SSNs, so they are masked
    /// as US_SSN too: left out, they fell to the phone detector and were masked as PHONE. The
    /// advertising range 987-65-4320…4329 lies in the 900s, which were never issued.
    static func usSSN(area: Int, group: Int, serial: Int) -> Bool {
        area > 0 && area != 666 && area < 900 && group > 0 && serial > 0
    }

    /// Finnish personal identity code DDMMYYCZZZQ (century sign, check character mod 31).
    static func finnishID(_ s: [UInt8]) -> Bool {
        guard s.count == 11 else { return false }
        let centuries = Set("+-AaBCDEFYXWVU".utf8)
        guard centuries.contains(s[6]), s[0..<6].allSatisfy(Bytes.isDigit), s[7..<10].allSatisfy(Bytes.isDigit),
            let n = Int(String(decoding: s[0..<6] + s[7..<10], as: UTF8.self))
        else { return false }
        let day = Int(String(decoding: s[0..<2], as: UTF8.self)) ?? 0, month = Int(String(decoding: s[2..<4], as: UTF8.self)) ?? 0
        guard (1...31).contains(day), (1...12).contains(month) else { return false }
        let table = Array("0123456789ABCDEFHJKLMNPRSTUVWXY".utf8)
        return table[n % 31] == Bytes.upper(s[10])
    }

    /// Spanish DNI/NIF (8 digits + letter) and NIE ([XYZ] + 7 digits + letter).
    static func spanishID(_ s: [UInt8]) -> Bool {
        guard s.count == 9 else { return false }
        var digits = Array(s[0..<8])
        switch s[0] {
        case 0x58: digits[0] = 0x30
        case 0x59: digits[0] = 0x31
        case 0x5A: digits[0] = 0x32
        default: break
        }
        guard digits.allSatisfy(Bytes.isDigit), let n = Int(String(decoding: digits, as: UTF8.self)) else { return false }
        let table = Array("TRWAGMYFPDXBNJZSQVHLCKE".utf8)
        return table[n % 23] == Bytes.upper(s[8])
    }

    /// Swedish personnummer YYMMDD-NNNN / YYYYMMDD-NNNN: valid month/day, Luhn on 10 digits.
    static func swedishID(_ digits: [UInt8]) -> Bool {
        let ten = digits.count == 12 ? Array(digits[2...]) : digits
        guard ten.count == 10 else { return false }
        let month = Int(ten[2] - 0x30) * 10 + Int(ten[3] - 0x30)
        let day = Int(ten[4] - 0x30) * 10 + Int(ten[5] - 0x30)
        guard (1...12).contains(month), (1...31).contains(day) || (61...91).contains(day) else { return false }
        return luhn(ten)
    }

    /// Polish PESEL: 11 digits, weights 1-3-7-9.
    static func pesel(_ d: [UInt8]) -> Bool {
        guard d.count == 11 else { return false }
        let w = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3]
        let sum = (0..<10).reduce(0) { $0 + Int(d[$1] - 0x30) * w[$1] }
        return (10 - sum % 10) % 10 == Int(d[10] - 0x30)
    }

    /// Turkish TC Kimlik No: 11 digits, first non-zero, two check digits.
    static func turkishID(_ d: [UInt8]) -> Bool {
        guard d.count == 11, d[0] != 0x30 else { return false }
        let v = d.map { Int($0 - 0x30) }
        let odd = v[0] + v[2] + v[4] + v[6] + v[8], even = v[1] + v[3] + v[5] + v[7]
        guard ((odd * 7 - even) % 10 + 10) % 10 == v[9] else { return false }
        return v[0..<10].reduce(0, +) % 10 == v[10]
    }

    /// UK NHS number: 10 digits, mod-11 check.
    static func nhs(_ d: [UInt8]) -> Bool {
        guard d.count == 10 else { return false }
        let sum = (0..<9).reduce(0) { $0 + Int(d[$1] - 0x30) * (10 - $1) }
        let check = 11 - sum % 11
        return check != 10 && (check == 11 ? 0 : check) == Int(d[9] - 0x30)
    }

    /// Bitcoin base58check address (P2PKH '1…', P2SH '3…').
    static func base58Check(_ s: [UInt8]) -> Bool {
        let alphabet = Array("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".utf8)
        var index = [Int](repeating: -1, count: 128)
        for (i, c) in alphabet.enumerated() { index[Int(c)] = i }
        var bytes = [UInt8](repeating: 0, count: 25)
        for c in s {
            guard c < 128, index[Int(c)] >= 0 else { return false }
            var carry = index[Int(c)]
            for k in stride(from: 24, through: 0, by: -1) {
                carry += 58 * Int(bytes[k])
                bytes[k] = UInt8(carry & 0xFF)
                carry >>= 8
            }
            guard carry == 0 else { return false }
        }
        guard bytes[0] == 0x00 || bytes[0] == 0x05 else { return false }
        var first = [UInt8](repeating: 0, count: 32), second = [UInt8](repeating: 0, count: 32)
        crypto_hash_sha256(&first, bytes, 21)
        crypto_hash_sha256(&second, first, 32)
        return Array(second[0..<4]) == Array(bytes[21..<25])
    }

    /// Bech32/Bech32m checksum of a segwit address ("bc1…", lower-case).
    static func bech32(_ s: [UInt8]) -> Bool {
        let charset = Array("qpzry9x8gf2tvdw0s3jn54khce6mua7l".utf8)
        guard let sep = s.lastIndex(of: 0x31), sep >= 1, s.count - sep - 1 >= 6 else { return false }
        var values: [Int] = []
        for c in s[(sep + 1)...] {
            guard let v = charset.firstIndex(of: c) else { return false }
            values.append(v)
        }
        let hrp = Array(s[..<sep])
        let expanded = hrp.map { Int($0 >> 5) } + [0] + hrp.map { Int($0 & 31) }
        let gen = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3]
        var chk = 1
        for v in expanded + values {
            let top = chk >> 25
            chk = (chk & 0x1ffffff) << 5 ^ v
            for i in 0..<5 where (top >> i) & 1 == 1 { chk ^= gen[i] }
        }
        return chk == 1 || chk == 0x2bc830a3
    }
}

extension Bytes {
    @inline(__always) static func upper(_ b: UInt8) -> UInt8 { isLower(b) ? b & ~0x20 : b }
}

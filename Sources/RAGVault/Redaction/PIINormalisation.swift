/// One spelling per PII value, so that formatting does not make one person two: used for
/// pseudonyms (`[EMAIL_…]`) and for the index's keyed PII tokens (`IndexKeys.piiToken`).
enum PIINormalisation {
    /// E-mail and IP addresses lower-cased; MAC addresses hex digits only; phones digits only
    /// (a leading international `00` or the North American `1` of an 11-digit number dropped,
    /// so `+1 (415) 555-0134`, `001 415 555 0134` and `415.555.0134` agree); cards, IBANs, SSNs
    /// and national ids letters and digits only, upper-cased; crypto addresses and dates as
    /// written (their case or format carries meaning).
    static func normalise(_ type: EntityType, _ value: [UInt8]) -> [UInt8] {
        let bytes = value.filter { !Bytes.isSpace($0) }
        switch type {
        case .email, .ipAddress:
            return bytes.map(Bytes.lower)
        case .macAddress:
            return bytes.filter(Bytes.isHex).map(Bytes.lower)
        case .cryptoAddress, .dateOfBirth:
            return bytes
        case .phone:
            var digits = bytes.filter(Bytes.isDigit)
            if digits.starts(with: [0x30, 0x30]) { digits.removeFirst(2) }
            if digits.count == 11 && digits.first == 0x31 { digits.removeFirst() }
            return digits
        default:
            return bytes.filter(Bytes.isAlnum).map { Bytes.isLower($0) ? $0 - 0x20 : $0 }
        }
    }
}

/// Personal values that only context makes identifiable: phone numbers in the national formats
/// of the EU's larger countries (by their numbering plans), and bare identifiers in a table
/// column whose header names them.
enum PIIContexts {
    /// A national-format number: trunk prefix, area or mobile code, subscriber number, grouped
    /// the way that country prints them.
    static func nationalPhone(_ d: inout Draw) -> (String, [String]) {
        func digits(_ n: Int) -> String { d.string(n, Draw.digits) }
        switch d.int(0...6) {
        case 0: // Germany: 0 + area (2–4 digits) + subscriber; mobiles 015x/016x/017x
            let mobile = "01" + d.pick(["51", "52", "57", "60", "62", "70", "71", "76"])
            return (
                d.pick([
                    "0\(d.pick(["30", "40", "89", "69", "221", "711", "351"])) \(digits(7))", "(0\(d.pick(["30", "89"]))) \(digits(8))",
                    "\(mobile) \(digits(8))", "\(mobile)/\(digits(7))", "0\(d.pick(["30", "40"]))/\(digits(3)) \(digits(2)) \(digits(3))"
                ]), ["Tel.: ", "Telefon: ", "Handy ", "Mobil: ", "Rufnummer ", "erreichbar unter ", "ruf mich an unter ", "Anrufe bitte an ", "meine Nummer: "]
            )
        case 1: // France: ten digits in pairs, 01–09
            let pairs = (0..<4).map { _ in digits(2) }
            let separator = d.pick([" ", ".", "-"])
            return (
                "0\(d.int(1...7))" + separator + pairs.joined(separator: separator),
                ["Tél. : ", "Téléphone : ", "portable : ", "tél ", "joignable au ", "appelle-moi au ", "appelez-nous au ", "mon numéro : "]
            )
        case 2: // Italy: 0 + area, mobiles 3xx
            return (
                d.pick(["0\(d.pick(["6", "2", "11", "55", "81"])) \(digits(4)) \(digits(4))", "3\(digits(2)) \(digits(3)) \(digits(4))", "3\(digits(9))"]),
                ["Tel. ", "Telefono: ", "cellulare: ", "cell. ", "chiamare il ", "chiamami al ", "chiamateci al ", "telefonami al ", "il mio numero è "]
            )
        case 3: // Spain: nine digits, 6xx/7xx mobile, 8xx/9xx fixed
            return (
                d.pick([
                    "\(d.pick(["6", "7"]))\(digits(2)) \(digits(3)) \(digits(3))", "9\(digits(1)) \(digits(3)) \(digits(2)) \(digits(2))",
                    "9\(digits(2)) \(digits(2)) \(digits(2)) \(digits(2))", "\(d.pick(["6", "7"]))\(digits(2)) \(digits(2)) \(digits(2)) \(digits(2))"
                ]),
                [
                    "Teléfono: ", "Tel.: ", "móvil: ", "Tfno. ", "llamar al ", "llámame al ", "llámenos al ", "puedes llamarme al ", "mi teléfono es el ",
                    "mi número es el ", "llama al "
                ]
            )
        case 4: // Netherlands: ten digits, 06 mobile
            return (
                d.pick(["06 \(digits(8))", "06-\(digits(8))", "020 \(digits(3)) \(digits(4))", "010-\(digits(7))"]),
                ["Tel.: ", "Telefoon: ", "mobiel: ", "bel ", "telefoonnummer ", "bel me op ", "je kunt me bellen op ", "mijn nummer is "]
            )
        case 5: // Poland: nine digits
            return (
                d.pick([
                    "\(d.pick(["5", "6", "7", "8"]))\(digits(2)) \(digits(3)) \(digits(3))",
                    "\(d.pick(["12", "22", "58", "61", "71"])) \(digits(3)) \(digits(2)) \(digits(2))"
                ]),
                ["tel. ", "Telefon: ", "tel. kom. ", "komórka: ", "zadzwoń pod ", "zadzwoń do mnie: ", "mój numer telefonu to ", "dzwoń pod numer "]
            )
        default: // Belgium: 0 + area, mobiles 04xx
            return (
                d.pick(["04\(d.int(60...99)) \(digits(2)) \(digits(2)) \(digits(2))", "02 \(digits(3)) \(digits(2)) \(digits(2))"]),
                ["Tel: ", "GSM: ", "Tél. : ", "telefoon "]
            )
        }
    }

    static func phone(_ d: inout Draw) -> GeneratedCase {
        var b = CaseBuilder()
        let (number, words) = nationalPhone(&d)
        if d.chance(0.25) {
            // A contact list: the number is a cell under a column header that names it.
            let header = d.pick(["Telefon", "Phone", "Téléphone", "Teléfono", "Telefoon", "Mobil", "tel", "Handynummer", "GSM"])
            let separator = d.pick([",", ";", "\t", " | "])
            let markdown = separator == " | "
            b.add((markdown ? "| " : "") + ["Name", header, "Team"].joined(separator: separator) + (markdown ? " |\n|---|---|---|\n" : "\n"))
            b.add((markdown ? "| " : "") + d.pick(["Anna Schmidt", "Jean Martin", "Lucía Pérez", "Jan de Vries"]) + separator)
            b.value(number)
            b.add(separator + d.pick(["Vertrieb", "Ventes", "Ops", "Inkoop"]) + (markdown ? " |" : "") + "\n")
            return b.build("pii_phone")
        }
        if d.chance(0.5) {
            b.add(d.pick(["Max Weber\n", "Cordialement,\nJ. Martin\n", "Saludos\n", "Met vriendelijke groet,\n", ""]))
            b.add(d.pick(words))
            b.value(number)
            b.add(d.pick(["\n", "", ".", " (ab 9 Uhr)"]))
        } else {
            // A form: the label on one line, the number on the next.
            b.add(d.pick(words).trimmingCharacters(in: .whitespaces) + "\n")
            b.value(number)
            b.add("\n")
        }
        return b.build("pii_phone")
    }

    /// A check-digit-valid identifier of a kind, and column headers that name it.
    static func identifier(_ d: inout Draw) -> (String, [String]) {
        switch d.int(0...2) {
        case 0:
            var area = d.int(1...899)
            if area == 666 { area = 667 }
            return (String(format: "%03d%02d%04d", area, d.int(1...99), d.int(1...9999)), ["SSN", "ssn", "Social Security Number", "social_security_no"])
        case 1:
            while true {
                let body = (0..<9).map { _ in d.int(0...9) }
                let sum = body.enumerated().reduce(0) { $0 + $1.element * (10 - $1.offset) }
                let check = 11 - sum % 11
                guard check != 10 else { continue }
                return ((body + [check == 11 ? 0 : check]).map(String.init).joined(), ["NHS number", "NHS No", "nhs_number"])
            }
        default:
            let weights = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3]
            let body = [d.int(5...9), d.int(0...9), d.int(0...1), d.int(1...9), d.int(1...2), d.int(0...8)] + (0..<4).map { _ in d.int(0...9) }
            let sum = zip(body, weights).reduce(0) { $0 + $1.0 * $1.1 }
            return ((body + [(10 - sum % 10) % 10]).map(String.init).joined(), ["PESEL", "pesel", "Numer PESEL"])
        }
    }

    static func columnIdentifier(_ d: inout Draw) -> GeneratedCase {
        var b = CaseBuilder()
        let (first, headers) = identifier(&d)
        let header = d.pick(headers)
        let separator = d.pick([",", "\t", ";", " | "])
        let markdown = separator == " | "
        func line(_ cells: [String]) -> String { (markdown ? "| " : "") + cells.joined(separator: separator) + (markdown ? " |" : "") }
        b.add(line(["name", "department", header, "start"]) + "\n")
        if markdown { b.add("|---|---|---|---|\n") }
        var value = first
        for n in 0..<d.int(1...3) {
            if n > 0 { value = sameKind(headers, &d) }
            b.add((markdown ? "| " : "") + d.pick(["J. Smith", "A. Kowalska", "M. Rossi"]) + separator + d.pick(["HR", "Ops", "Sales"]) + separator)
            b.value(value)
            b.add(separator + "2024-0\(d.int(1...9))-1\(d.int(0...9))" + (markdown ? " |" : "") + "\n")
        }
        return b.build("pii_column")
    }

    /// Numbers of the same shapes where nothing names them personal: columns headed order,
    /// invoice or amount, reference numbers after their own words.
    static func negative(_ d: inout Draw) -> GeneratedCase {
        var b = CaseBuilder()
        let (value, _) = identifier(&d)
        if d.chance(0.5) {
            let header = d.pick(["order_id", "invoice", "Bestellnummer", "numéro de commande", "amount_cents", "ticket", "sku"])
            b.add("date,\(header),status\n2024-05-0\(d.int(1...9)),\(value),shipped\n")
        } else {
            b.add(d.pick(["Rechnungsnummer ", "Kundennummer: ", "numéro de commande ", "número de pedido ", "ordernummer ", "invoice #", "build "]))
            b.add(value + "\n")
        }
        return b.build("pii_negative")
    }

    private static func sameKind(_ headers: [String], _ d: inout Draw) -> String {
        while true {
            let (value, kind) = identifier(&d)
            if kind == headers { return value }
        }
    }
}

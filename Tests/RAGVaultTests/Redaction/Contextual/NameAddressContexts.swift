@testable import RAGVault

/// Generators of names and postal addresses in the contexts that make them one — titles,
/// introductions, form fields, signatures, initials, reporting verbs, postal blocks, street
/// grammars of several languages — with values drawn at random: census names, names the lists
/// do not hold (syllables with the surname endings of their languages), random street names,
/// numbers and postcodes. And hard negatives: capitalised words that are not names, numbers
/// beside words that are not streets.
enum NameAddressContexts {
    static let given = NameTable.givenNameList.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
    static let surnames = NameTable.surnameList.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
    static let common = Set(NameTable.commonWordList.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))
    static let places = Set(NameTable.placeList.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))
    static let plainGiven = given.filter { !common.contains($0) && !places.contains($0) && $0.count >= 3 }
    static let plainSurnames = surnames.filter { !common.contains($0) && !places.contains($0) && $0.count >= 3 }

    static func capitalised(_ word: String) -> String { word.prefix(1).uppercased() + word.dropFirst() }

    /// A name no list holds: two or three syllables, for a surname with one of its language's endings.
    static func foreign(_ draw: inout Draw, surname: Bool) -> String {
        let onsets = ["k", "v", "t", "m", "l", "r", "s", "d", "b", "z", "h", "j", "p", "n", "br", "dr", "sk", "tr", "zh"]
        let vowels = ["a", "e", "i", "o", "u", "ai", "ie", "ou", "á", "é", "ö", "ü"]
        var word = (0..<draw.int(2...3)).map { _ in draw.pick(onsets) + draw.pick(vowels) }.joined()
        if surname { word += draw.pick(["sson", "sen", "ová", "ski", "ska", "wicz", "vić", "ov", "eva", "nen", "escu", "poulos", "shvili", "mann"]) }
        return capitalised(word)
    }

    static func censusName(_ draw: inout Draw) -> String { capitalised(draw.pick(plainGiven)) + " " + capitalised(draw.pick(plainSurnames)) }

    static func anyName(_ draw: inout Draw) -> String {
        draw.chance(0.5) ? censusName(&draw) : foreign(&draw, surname: false) + " " + foreign(&draw, surname: true)
    }

    static func sentenceEnd(_ draw: inout Draw) -> String {
        draw.pick([" approved the change.", " will join the call on Monday.", " owns the incident review.", ", see below.", "."])
    }

    // MARK: PERSON

    static func title(_ draw: inout Draw) -> GeneratedCase {
        var b = CaseBuilder()
        b.add(draw.pick(["The report was signed by ", "Please ask ", "Minutes taken by ", "We met ", ""]))
        b.add(draw.pick(["Dr. ", "Mr. ", "Ms. ", "Mrs. ", "Prof. ", "Frau ", "Herr ", "Mme ", "Dr "]))
        b.value(draw.chance(0.5) ? anyName(&draw) : foreign(&draw, surname: true))
        b.add(sentenceEnd(&draw))
        return b.build("title")
    }

    static func introduced(_ draw: inout Draw) -> GeneratedCase {
        var b = CaseBuilder()
        let name = anyName(&draw)
        switch draw.int(0...7) {
        case 0: b.add("Hello, my name is "); b.value(name); b.add(" and I need help with my account.")
        case 1: b.add("I'm "); b.value(name); b.add(", originally from Lyon.")
        case 2: b.add("Name:" + String(repeating: " ", count: draw.int(1...6))); b.value(name); b.add("\nRole: analyst\n")
        case 3: b.add("Dear "); b.value(name); b.add(",\n\nthank you for your letter.")
        case 4: b.add("Thanks for the quick fix.\n\nRegards,\n"); b.value(name); b.add("\n")
        case 5: b.add("Contact: "); b.value(name); b.add(" (on call)")
        case 6: b.add("Hi, this is "); b.value(name); b.add(" from the billing team.")
        default: b.add("From: "); b.value(name); b.add("\nSubject: quarterly numbers\n")
        }
        return b.build("introduced")
    }

    static func initial(_ draw: inout Draw) -> GeneratedCase {
        var b = CaseBuilder()
        b.add(draw.pick(["The keynote is given by ", "Reviewed with ", "Please forward this to ", "Escalated to "]))
        b.value(foreign(&draw, surname: false) + " " + draw.string(1, Draw.upper) + draw.pick([". ", " "]) + foreign(&draw, surname: draw.chance(0.5)))
        b.add(sentenceEnd(&draw))
        return b.build("initial")
    }

    static func censusPair(_ draw: inout Draw) -> GeneratedCase {
        var b = CaseBuilder()
        b.add(draw.pick(["The migration was planned with ", "Yesterday ", "Access was granted to ", "The budget holder is ", ""]))
        b.value(censusName(&draw))
        b.add(sentenceEnd(&draw))
        return b.build("census_pair")
    }

    static func reporting(_ draw: inout Draw) -> GeneratedCase {
        var b = CaseBuilder()
        if draw.chance(0.5) {
            b.add("At the hearing ")
            b.value(anyName(&draw))
            b.add(draw.pick([" said", " explained", " told the panel", " wrote"]) + " that the backups had failed.")
        } else {
            b.add("\"We will ship on time,\" says ")
            b.value(draw.chance(0.5) ? capitalised(draw.pick(plainSurnames)) : foreign(&draw, surname: true))
            b.add(".")
        }
        return b.build("reporting")
    }

    static func addressee(_ draw: inout Draw) -> GeneratedCase {
        var b = CaseBuilder()
        b.add(draw.pick(["", "> ", "Ship to:\n"]))
        b.value(anyName(&draw))
        b.add(draw.pick(["\n", "\n\n"]))
        b.add("\(draw.int(1...9999)) \(capitalised(draw.pick(plainSurnames))) \(draw.pick(["Street", "Road", "Avenue", "Lane"]))\n")
        b.add("\(capitalised(draw.pick(plainSurnames)))ville, \(draw.pick(["OH", "TX", "CA"])) \(draw.int(10000...99999))\n")
        return b.build("addressee")
    }

    static func repeated(_ draw: inout Draw) -> GeneratedCase {
        var b = CaseBuilder()
        let first = foreign(&draw, surname: false), last = foreign(&draw, surname: true)
        b.add("The audit was led by Dr. ")
        b.value(first + " " + last)
        b.add(". Afterwards ")
        b.value(last)
        b.add(" published the findings.")
        return b.build("repeated")
    }

    static func lowerCase(_ draw: inout Draw) -> GeneratedCase {
        var b = CaseBuilder()
        b.add(draw.pick(["follow up with ", "ping ", "ask ", "cc "]))
        b.value(draw.pick(plainGiven) + " " + draw.pick(plainSurnames))
        b.add(draw.pick([" about the invoice", " tomorrow", ""]))
        return b.build("lower_case")
    }

    static let personClasses: [(String, @Sendable (inout Draw) -> GeneratedCase, Double)] = [
        ("title", title, 0.97), ("introduced", introduced, 0.97), ("initial", initial, 0.95), ("census_pair", censusPair, 0.95),
        ("reporting", reporting, 0.9), ("addressee", addressee, 0.95), ("repeated", repeated, 0.95), ("lower_case", lowerCase, 0.9)
    ]

    /// Capitalised words that are no one's name.
    static func personNegative(_ draw: inout Draw) -> GeneratedCase {
        var b = CaseBuilder()
        switch draw.int(0...6) {
        case 0:
            b.add(
                draw.pick(["Will", "Grace", "Mark", "Bill", "Rose", "May", "June", "Chase", "Hope", "Art", "Frank", "Faith"])
                    + " " + draw.pick(["the build pass?", "periods apply to late payments.", "each task as done.", "the customer monthly."]))
        case 1:
            b.add("We moved here from " + capitalised(draw.pick(Array(places))) + " last year.")
        case 2:
            let three = (0..<3).map { _ in capitalised(draw.pick(plainSurnames)) }
            b.add("The \(three[0]), \(three[1]) and \(three[2]) \(draw.pick(["Orchestra", "Foundation", "Group", "Partners"])) was founded in 1977.")
        case 3:
            b.add(
                "Deploy " + draw.pick(["Apache Kafka", "the Linux Kernel", "Red Hat Enterprise Linux", "Google Cloud Run", "Azure Functions"])
                    + " with the " + draw.pick(["Swift Package Manager", "Pull Request Template", "Release Notes", "Helm Chart"]) + ".")
        case 4:
            b.add("## " + draw.pick(["Configuring The Network Interface", "Frequently Asked Questions", "Getting Started", "Known Issues"]) + "\n")
        case 5:
            b.add("On " + draw.pick(["Monday", "Friday"]) + " " + draw.pick(["March", "October"]) + " \(draw.int(1...28)) the API returned 503.")
        default:
            b.add(draw.pick(["Note", "Warning", "Usage", "Example", "Answer"]) + ": \"" + draw.pick(["restart the service", "see above"]) + "\"")
        }
        return b.build("person_negative")
    }

    // MARK: STREET_ADDRESS

    static func streetName(_ draw: inout Draw) -> String {
        draw.chance(0.5) ? capitalised(draw.pick(plainSurnames)) : foreign(&draw, surname: false)
    }

    static func address(_ draw: inout Draw) -> GeneratedCase {
        var b = CaseBuilder()
        b.add(draw.pick(["Please ship it to ", "Our office is at ", "Address: ", "She lives at ", ""]))
        let n = draw.int(1...9999)
        let value: String
        switch draw.int(0...9) {
        case 0:
            value =
                "\(n) \(streetName(&draw)) \(draw.pick(["Street", "St", "Avenue", "Ave", "Road", "Rd", "Boulevard", "Lane", "Drive", "Court", "Place", "Way"]))"
                + ", \(streetName(&draw)), \(draw.pick(["OH", "TX", "CA", "NY"])) \(draw.int(10000...99999))"
        case 1:
            value =
                "\(n) \(streetName(&draw)) \(draw.pick(["Road", "Street", "Lane", "Close", "Crescent", "Mews"])), \(streetName(&draw)) "
                + draw.string(2, Draw.upper) + "\(draw.int(1...20)) \(draw.int(1...9))" + draw.string(2, Draw.upper)
        case 2:
            value =
                "\(streetName(&draw))\(draw.pick(["straße", "strasse", "weg", "gasse", "platz", "allee"])) \(draw.int(1...200)), \(draw.int(10000...99999)) \(streetName(&draw))"
        case 3:
            value =
                "\(draw.int(1...200)) \(draw.pick(["rue", "avenue", "boulevard", "place"])) \(draw.pick(["de ", "du ", ""]))\(streetName(&draw)), \(draw.int(10000...99999)) \(streetName(&draw))"
        case 4:
            value =
                "\(draw.pick(["Calle", "Via", "Rua", "Avenida", "Viale", "Piazza", "Corso", "Avda."])) \(draw.pick(["de ", "del ", "do ", ""]))\(streetName(&draw)) \(draw.int(1...300))"
        case 5:
            value =
                "\(streetName(&draw))\(draw.pick(["vej", "gade", "gatan", "vägen", "veien", "katu", "kuja", "laan", "straat", "plein"])) \(draw.int(1...200))"
        case 6:
            value = draw.pick(["PO Box ", "P.O. Box ", "Postfach ", "PSC 1234, Box "]) + "\(draw.int(1...99999))"
        case 7:
            value =
                "\(n) \(streetName(&draw)) Street\n\(draw.pick(["Apt.", "Suite", "Flat"])) \(draw.int(1...999))\n\(streetName(&draw))\n\(draw.int(10000...99999))"
        case 8:
            value = "ul. \(streetName(&draw)) \(draw.int(1...200))"
        default:
            value = "\(draw.int(1000...99999)) \(streetName(&draw)) \(draw.int(1...300))\n\(draw.pick(["Apt.", "Suite"])) \(draw.int(1...999))"
        }
        b.value(value)
        b.add(draw.pick(["", ".", " for the delivery.", "\n"]))
        return b.build("address")
    }

    /// Numbers beside capitalised words that are no street.
    static func addressNegative(_ draw: inout Draw) -> GeneratedCase {
        var b = CaseBuilder()
        let n = draw.int(2...40)
        b.add(
            draw.pick([
                "The \(n) Key Points of the design are listed below.", "Release planned for Spring \(draw.int(2019...2030)).",
                "See Chapter \(n) Section \(draw.int(1...9)) for details.", "Runs on Windows \(draw.int(7...11)) Pro and Ubuntu \(draw.int(18...24)).04.",
                "Top \(n) Tips for Faster Builds", "HTTP \(draw.pick([404, 503, 301])) Not Found", "Unit \(n) covers loops and recursion.",
                "We need \(n) Green Lights before the launch.", "Figure \(n) Main Components of the pipeline", "Python \(draw.int(2...3)) Way of doing things",
                "apt install python3-\(draw.pick(["venv", "pip"]))", "Version \(n) Drive Mapping is deprecated."
            ]))
        return b.build("address_negative")
    }
}

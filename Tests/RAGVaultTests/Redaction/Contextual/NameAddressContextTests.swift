import Testing

@testable import RAGVault

/// The PERSON and STREET_ADDRESS detectors on thousands of generated texts: each context
/// class held to a recall floor, the hard negatives to a precision floor (issue 29). A rule
/// written for one phrasing fails here on its siblings; the misses are printed.
@Suite struct NameAddressContextTests {
    static let perClass = 800

    struct Score {
        var cases = 0, found = 0, texts = 0, strayTexts = 0
        var misses: [String] = [], strays: [String] = []
        var recall: Double { cases == 0 ? 1 : Double(found) / Double(cases) }
    }

    static func score(_ generate: (inout Draw) -> GeneratedCase, type: EntityType, seed: UInt64) -> Score {
        var draw = Draw(random: SplitMix64(seed: seed))
        let redactor = Redactor(contextual: [.person, .streetAddress])
        var score = Score()
        for _ in 0..<perClass {
            let generated = generate(&draw)
            let spans = redactor.detect(generated.text).filter { $0.type == type }
            var coverage = [Bool](repeating: false, count: generated.text.utf8.count)
            for span in spans { for k in span.start..<min(span.end, coverage.count) { coverage[k] = true } }
            for value in generated.values {
                score.cases += 1
                if value.allSatisfy({ coverage[$0] }) { score.found += 1 } else if score.misses.count < 20 { score.misses.append(generated.text) }
            }
            score.texts += 1
            let stray = spans.filter { span in !generated.values.contains(where: { $0.overlaps(span.start..<span.end) }) }
            if !stray.isEmpty {
                score.strayTexts += 1
                let bytes = Array(generated.text.utf8)
                if score.strays.count < 10 {
                    score.strays.append(String(decoding: bytes[stray[0].start..<stray[0].end], as: UTF8.self) + "  ⟵  " + generated.text)
                }
            }
        }
        return score
    }

    @Test(arguments: NameAddressContexts.personClasses.indices)
    func namesInTheirContexts(_ index: Int) {
        let (name, generate, floor) = NameAddressContexts.personClasses[index]
        let score = Self.score(generate, type: .person, seed: 29_000 + UInt64(index))
        #expect(score.recall >= floor, "\(name): recall \(score.recall) below \(floor); missed:\n\(score.misses.joined(separator: "\n---\n"))")
    }

    @Test func addressesInTheirGrammars() {
        let score = Self.score(NameAddressContexts.address, type: .streetAddress, seed: 29_100)
        #expect(score.recall >= 0.95, "recall \(score.recall); missed:\n\(score.misses.joined(separator: "\n---\n"))")
    }

    @Test func hardNegativesStayUnmasked() {
        for (generate, type, seed) in [
            (NameAddressContexts.personNegative, EntityType.person, UInt64(29_200)), (NameAddressContexts.addressNegative, .streetAddress, 29_201)
        ] {
            let score = Self.score(generate, type: type, seed: seed)
            let share = Double(score.strayTexts) / Double(score.texts)
            #expect(share <= 0.01, "\(type): \(score.strayTexts) of \(score.texts) negatives hit:\n\(score.strays.joined(separator: "\n"))")
        }
    }

    /// Hand-written cases the generators do not reach: what must be found and what must not.
    @Test(arguments: [
        ("Dr. Jennifer Holst signed the report.", ["Jennifer Holst"]),
        ("Bot: What's your name? Sölvi Salómonsson", ["Sölvi Salómonsson"]),
        ("Zuzana: \"Who are you?\"", ["Zuzana"]),
        ("In 1802 Ludwig van Beethoven wrote the sonata.", ["Ludwig van Beethoven"]),
        ("Wisława Szczepańska's killers were sentenced.", ["Wisława Szczepańska"]),
        ("Grace periods apply. Will the build pass?", []),
        ("The Davis, Reynolds and Williamson Orchestra played.", []),
        ("She moved here from Georgia in May.", []),
        ("Configure the Apache Kafka Connect Worker.", []),
        ("He lives on the north side of Joaquin Suarez 2906.", []),
        // Technical prose (found in the kernel docs while measuring): products, units, headings, paths.
        ("waking up by Filer General Purpose Interrupt (FGPI) asserted on the bus", []),
        ("Unlike Shared BOs, these VM private BOs can only be mapped once.", []),
        ("Geometric Distortion Correction is used to perform lens correction.", []),
        ("QorIQ DPAA Buffer Manager Portals Device Tree Binding", []),
        ("limited to the client (including Intel Xeon server E3) uncore", []),
        ("   * - Siano Nova A Digital Receiver\n     - 187f:0200", []),
        ("endpoint@0 - Node name\n\nExamples (OF)::", []),
        ("see https://example.com/assets/Armada7020PB-Jan2016.pdf for the board", []),
        ("Author: Paul E. McKenney, IBM Corporation", ["Paul E. McKenney"])
    ])
    func personTable(_ text: String, _ expected: [String]) {
        let bytes = Array(text.utf8)
        let found = Redactor(contextual: [.person]).detect(text).filter { $0.type == .person }.map { String(decoding: bytes[$0.start..<$0.end], as: UTF8.self) }
        #expect(found == expected, "\(text)")
    }

    @Test(arguments: [
        ("Send it to 52 Huntly Street, Leeds LS1 4AP please.", ["52 Huntly Street, Leeds LS1 4AP"]),
        ("HQ: 1600 Pennsylvania Ave NW, Washington, DC 20500", ["1600 Pennsylvania Ave NW, Washington, DC 20500"]),
        ("Büro: Hauptstraße 5, 10115 Berlin", ["Hauptstraße 5, 10115 Berlin"]),
        ("au 12 rue de la Paix, 75002 Paris.", ["12 rue de la Paix, 75002 Paris"]),
        ("Write to PO Box 1234.", ["PO Box 1234"]),
        ("The 5 Key Points and Spring 2024 plans", []),
        ("Unit 3 covers recursion.", []),
        ("Runs on Windows 11 Pro.", [])
    ])
    func addressTable(_ text: String, _ expected: [String]) {
        let bytes = Array(text.utf8)
        let found = Redactor(contextual: [.streetAddress]).detect(text).filter { $0.type == .streetAddress }.map {
            String(decoding: bytes[$0.start..<$0.end], as: UTF8.self)
        }
        #expect(found == expected, "\(text)")
    }
}

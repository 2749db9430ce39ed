/// The opt-in detectors (PERSON, STREET_ADDRESS): judged on runs of words rather than at a
/// point, so they share one word scan and run only when a tenant's policy turns one on.
enum ContextualDetection {
    static func scan(_ s: UnsafeBufferPointer<UInt8>, types: Set<EntityType>, into out: inout [Candidate]) {
        guard !types.isEmpty, !s.isEmpty else { return }
        let words = TextWords(s)
        // Streets are named after people ("Victor Hugo u. 49"): a name inside an address is
        // the street's, so addresses are found first whenever names are looked for.
        var addresses: [Candidate] = []
        StreetAddressDetector.scan(s, words, into: &addresses)
        if types.contains(.person) {
            var people: [Candidate] = []
            PersonDetector.scan(s, words, into: &people)
            for address in addresses { PersonDetector.addressee(s, words, before: address, into: &people) }
            PersonDetector.mentionsAgain(s, words, found: people, into: &people)
            people.sort { $0.start < $1.start }
            var a = 0
            for person in people {
                while a < addresses.count && addresses[a].end <= person.start { a += 1 }
                if a < addresses.count && addresses[a].start < person.end { continue }
                out.append(person)
            }
        }
        if types.contains(.streetAddress) { out.append(contentsOf: addresses) }
    }
}

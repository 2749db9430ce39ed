/// The words around a run of capitalised words that say it is, or is not, a person's name.
/// Lower-case spellings; looked up on the folded word.
enum NameCues {
    /// Titles and honorifics (English, German, French, Spanish, Italian, Dutch): the words
    /// after one, on the same line, are a name whatever the lists say ("Dr. Jennifer Holst",
    /// "ms. Quinzia").
    static let titles = WordSet([
        "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "lady", "lord", "madam", "madame", "mme", "mlle",
        "monsieur", "herr", "frau", "sr", "sra", "srta", "señor", "señora", "senor", "senora", "doña", "dott", "dottor",
        "signor", "signora", "dhr", "mevr", "rev", "reverend", "capt", "captain", "colonel", "sgt", "sergeant", "detective",
        "inspector", "judge", "senator", "governor", "mayor", "chancellor", "ambassador", "uncle", "aunt", "auntie", "grandma",
        "grandpa", "cousin"
    ])

    /// Words that introduce a name in the same sentence: greetings ("Dear", "Hi"), "I'm",
    /// "named", "called", "meet", "contact".
    static let introducers = WordSet([
        "named", "called", "dear", "hi", "hello", "hey", "im", "i'm", "i’m", "meet", "contact", "heißt", "heisse", "appelle", "llamo",
        "chiamo", "heet", "namens"
    ])

    /// Sign-offs: the name follows on the same line or the next ("Regards,⏎Ann Lee").
    static let signOffs = WordSet(["thanks", "regards", "sincerely", "cheers", "signed", "best", "greetings", "grüße", "cordialement", "saludos"])

    /// People a name follows directly ("my kid Agi", "her husband Tom"): as strong as a title.
    static let kin = WordSet([
        "wife", "husband", "son", "daughter", "mother", "father", "mom", "mum", "dad", "kid", "child", "boyfriend", "girlfriend",
        "friend", "colleague", "boss", "grandmother", "grandfather", "nephew", "niece", "fiancé", "fiance", "fiancée", "brother",
        "sister", "cousin", "granddaughter", "grandson", "stepson", "stepdaughter"
    ])

    /// Roles: a name may follow ("producer Vilhjálmur Georgsson", "CEO Kristen Rocher") —
    /// weaker than a title ("Buffer Manager Portals"), so the run must itself look like a name.
    static let roles = WordSet([
        "patient", "customer", "client", "employee", "applicant", "tenant", "owner", "manager", "director", "producer", "ceo",
        "cfo", "cto", "founder", "cofounder", "chairman", "chairwoman", "spokesperson", "spokesman", "spokeswoman", "assistant",
        "partner", "witness", "defendant", "plaintiff", "recipient", "sender", "beneficiary", "guardian", "physician", "doctor",
        "lawyer", "attorney", "teacher", "student", "singer", "actor", "actress", "writer", "artist", "player", "president",
        "minister", "officer", "agent", "coach", "nurse"
    ])

    /// Header fields that name a person only as fields ("From: Ann Lee", "By: …"): as words
    /// they are prepositions ("from Norway").
    static let fields = WordSet([
        "from", "to", "cc", "bcc", "by", "reviewer", "assignee", "reporter", "signed-off-by", "name", "names", "author", "authors",
        "attn", "attention", "contact", "owner", "maintainer", "maintainers"
    ])

    /// "my name *is* …", "this *is* …", "mein Name *ist* …", "mi nombre *es* …".
    static let copulas = WordSet(["is", "was", "ist", "est", "es", "è", "lautet"])
    static let nameNouns = WordSet(["name", "this", "naam", "nom", "nombre", "nome"])

    /// Verbs after a name that make it one ("… said", "… explained to Fuse TV").
    static let reportingVerbs = WordSet([
        "said", "says", "told", "tells", "asked", "asks", "wrote", "writes", "explained", "explains", "added", "adds", "replied",
        "replies", "answered", "noted", "notes", "stated", "states", "argued", "argues", "recalled", "recalls", "shouted", "smiled",
        "laughed", "nodded", "sighed", "whispered", "thinks", "thought", "believes", "believed", "went", "gave", "spent", "lives",
        "lived", "works", "worked", "joined", "left", "met", "sent", "wants", "wanted", "likes", "liked", "loves", "loved", "knows",
        "knew", "sang", "won", "lost", "died", "born", "married", "shouted", "signed", "approved", "reported", "published"
    ])

    /// Verbs before a name that make it one ("says Becker", "thanks Anna").
    static let reportingVerbsBefore = WordSet([
        "says", "said", "asked", "told", "tell", "thanked", "thank", "thanks", "according", "wrote", "quoted", "interviewed", "married",
        "hired", "fired", "met", "emailed", "called", "invited", "congratulated", "starring", "featuring", "feat"
    ])

    /// Capitalised words that are never part of a name: function words, pronouns, greetings
    /// (their name comes after them), calendar words, and the words of places, organisations
    /// and documents.
    static let never = WordSet([
        "the", "a", "an", "this", "that", "these", "those", "my", "your", "his", "her", "our", "their", "its", "i", "we", "you",
        "he", "she", "they", "it", "me", "him", "us", "them", "in", "on", "at", "for", "from", "with", "by", "to", "of", "and", "or",
        "but", "if", "when", "while", "after", "before", "since", "during", "as", "so", "not", "no", "yes", "all", "any", "some",
        "each", "every", "both", "what", "which", "who", "whom", "whose", "where", "why", "how", "there", "here", "then", "than",
        "please", "note", "see", "also", "just", "only", "do", "does", "did", "is", "are", "was", "were", "be", "been", "has", "have",
        "had", "can", "could", "should", "would", "may", "might", "must", "shall", "will", "let", "get", "set", "use", "new", "old",
        "dear", "hi", "hello", "hey", "thanks", "thank", "regards", "sincerely", "cheers", "best", "kind", "warm", "yours",
        "ok", "okay", "sorry", "welcome", "good", "great", "well", "oh", "wow", "re", "fwd", "fw", "subject", "date", "time",
        "name", "phone", "email", "address", "tel", "fax", "mobile", "id", "number", "account", "card", "user", "password",
        "answer", "question", "example", "warning", "error", "summary", "status", "result", "usage", "output", "input", "reply",
        "response", "comment", "title", "description", "step", "tip", "hint", "todo", "fixme", "bot", "assistant", "system",
        "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue", "wed", "thu", "fri", "sat",
        "sun", "una", "uno", "un", "le", "la", "les", "lo", "gli", "il", "el", "los", "las", "der", "die", "das", "ein", "eine", "het",
        "een", "et", "und", "mac", "pc", "vs",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april",
        "june", "july", "august", "september", "october", "november", "december", "christmas", "easter",
        "street", "st", "road", "rd", "avenue", "ave", "lane", "ln", "drive", "dr", "court", "ct", "boulevard", "blvd", "way",
        "place", "square", "park", "station", "airport", "bridge", "river", "lake", "mount", "mountain", "island", "beach",
        "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central", "upper", "lower", "city",
        "county", "state", "states", "province", "district", "region", "republic", "kingdom", "united", "federal", "national",
        "international", "royal", "university", "college", "school", "academy", "institute", "hospital", "clinic", "church",
        "bank", "inc", "ltd", "llc", "plc", "gmbh", "corp", "corporation", "company", "co", "group", "team", "club", "foundation",
        "association", "society", "council", "committee", "department", "ministry", "office", "agency", "service", "services",
        "center", "centre", "hall", "house", "tower", "building", "hotel", "restaurant", "cafe", "store", "shop", "market",
        "mall", "museum", "library", "theatre", "theater", "stadium", "press", "news", "times", "post", "journal", "magazine",
        "radio", "tv", "channel", "network", "system", "systems", "software", "technologies", "technology", "labs", "solutions",
        "project", "version", "release", "chapter", "section", "table", "figure", "appendix", "page", "part", "volume",
        "linux", "kernel", "windows", "apple", "google", "microsoft", "amazon", "api", "sdk", "http", "https", "json", "sql",
        "suite", "apt", "unit", "floor", "box", "po", "core", "cores", "chip", "board", "module", "device", "engine", "kit", "pro",
        "plus", "mini", "ultra", "lite", "edition", "series", "model", "platform", "framework", "toolkit", "cloud", "server", "bus",
        "node", "cluster", "port", "card", "julia", "ada", "ruby", "perl", "python", "java", "swift", "rust", "dart", "kotlin",
        "scala", "hugo", "jasmine", "django", "flask", "jenkins", "alexa", "siri", "cortana", "debian", "ubuntu", "fedora",
        // organisations and places named after people ("Davis Orchestra", "Morgan Stanley
        // Investments", "Isaac Lodge", "Philip Bypass")
        "orchestra", "band", "choir", "investments", "investment", "capital", "partners", "holdings", "consulting", "research",
        "resources", "insights", "data", "media", "studio", "studios", "records", "entertainment", "pharmaceuticals", "motors",
        "airlines", "lines", "foods", "energy", "insurance", "health", "financial", "securities", "ventures", "industries",
        "enterprises", "associates", "brothers", "sons", "trust", "fund", "law", "llp", "ag", "sa", "nv", "bv", "oy", "ab", "as",
        "union", "lodge", "creek", "bypass", "extension", "extensions", "parks", "gardens", "heights", "hills", "springs", "falls",
        "valley", "village", "town", "township", "port", "harbour", "harbor", "bay", "point", "cape", "forest", "wood", "woods",
        "field", "fields", "ridge", "crossing", "junction", "plaza", "mall", "estate", "estates", "manor", "court", "terrace"
    ])

    /// Endings of English words that are no one's name ("Shared", "Configuring", "Distortion",
    /// "Processor", "Digital", "Geometric"): a capitalised word with one is a name only if the
    /// lists hold it ("Fred", "Sterling", "Eric", "Baker" are there).
    static let wordEndings: [[UInt8]] = [
        "ed", "ing", "tion", "sion", "ment", "ness", "ity", "ive", "ous", "ful", "less", "able", "ible", "ical", "ary", "ance",
        "ence", "ism", "ize", "ise", "or", "al", "ic", "ware", "ics", "ors", "als", "ings", "ions"
    ].map { Array($0.utf8) }

    /// Every word that cannot be part of a name: cues and the words of `never` (a name word is
    /// asked about once, not once per list).
    static let notInName = WordSet(merging: [never, introducers, titles, roles, kin, signOffs])

    /// Lower-case particles inside a name ("Ludwig van Beethoven", "Leonardo da Vinci").
    static let particles = WordSet([
        "van", "von", "de", "da", "di", "del", "della", "der", "den", "du", "la", "le", "bin", "ibn", "al", "dos", "das", "ter", "ten",
        "zu", "y"
    ])
}

/// The words that make a run of words a street, by language (USPS Publication 28's street
/// suffixes and unit designators; the street types of German, French, Spanish, Italian,
/// Portuguese, Dutch, Nordic, Finnish and Central European addresses). Lower-case spellings,
/// looked up on the folded word.
enum StreetGrammar {
    /// After the street's name, number first: "52 Huntly Street", "2450 Crown St".
    /// After the street's name, number first: "52 Huntly Street", "2450 Crown St". USPS
    /// Publication 28, appendix C1 (every suffix and its standard abbreviation), and the UK's
    /// common ones.
    static let suffixes = WordSet(
        """
        alley aly allee annex anx arcade arc avenue ave av bayou byu beach bch bend bnd bluff blf bluffs blfs bottom btm boulevard blvd
        branch br bridge brg brook brk brooks brks burg bg burgs bgs bypass byp camp cp canyon cyn cape cpe causeway cswy center ctr centers ctrs
        circle cir circles cirs cliff clf cliffs clfs club clb common cmn commons cmns corner cor corners cors course crse court ct courts cts
        cove cv coves cvs creek crk crescent cres crest crst crossing xing crossroad xrd curve curv dale dl dam dm divide dv drive dr drives drs
        estate est estates ests expressway expy extension ext extensions exts fall falls fls ferry fry field fld fields flds flat flt flats flts
        ford frd fords frds forest frst forge frg forges frgs fork frk forks frks fort ft freeway fwy garden gdn gardens gdns gateway gtwy glen gln
        glens glns green grn greens grns grove grv groves grvs harbor hbr harbors hbrs haven hvn heights hts highway hwy hill hl hills hls hollow
        holw inlet inlt island is islands iss isle junction jct junctions jcts key ky keys kys knoll knl knolls knls lake lk lakes lks land landing
        lndg lane ln light lgt lights lgts loaf lf lock lck locks lcks lodge ldg loop mall manor mnr manors mnrs meadow mdw meadows mdws mews mill
        ml mills mls mission msn motorway mtwy mount mt mountain mtn mountains mtns neck nck orchard orch oval overpass opas park parks parkway
        pkwy parkways pass passage psge path pike pine pne pines pnes place pl plain pln plains plns plaza plz point pt points pts port prt ports
        prts prairie pr radial radl ramp ranch rnch rapid rpd rapids rpds rest rst ridge rdg ridges rdgs river riv road rd roads rds route rte row
        rue run shoal shl shoals shls shore shr shores shrs skyway skwy spring spg springs spgs spur spurs square sq squares sqs station sta
        stravenue stra stream strm street st streets sts summit smt terrace ter throughway trwy trace trce track trak trafficway trfy trail trl
        trailer trlr tunnel tunl turnpike tpke underpass upas union un unions uns valley vly valleys vlys viaduct via view vw views vws village
        vlg villages vlgs ville vl vista vis walk walks wall way ways well wl wells wls
        close gate grove mews parade esplanade embankment wharf quay rise vale wynd brae broadway
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
    )

    /// Suffixes that are nothing but a street's: a match on any other ("3 Key Points", "10
    /// Great Views") needs more of an address around it (`StreetAddressDetector`).
    static let plainSuffixes = WordSet([
        "street", "st", "avenue", "ave", "road", "rd", "boulevard", "blvd", "lane", "ln", "drive", "dr", "court", "ct", "terrace",
        "ter", "circle", "cir", "highway", "hwy", "parkway", "pkwy", "crescent", "cres", "close", "mews", "alley", "expressway",
        "expy", "turnpike", "tpke", "freeway", "fwy", "broadway", "place", "pl", "plaza", "square", "sq", "way", "trail", "trl"
    ])

    /// Words just before an address that say one follows ("lives at", "address:", "sent to").
    static let addressCues = WordSet([
        "at", "address", "addresses", "located", "lives", "live", "lived", "living", "moved", "to", "ship", "sent", "send",
        "deliver", "delivered", "mail", "billing", "shipping", "adresse", "anschrift", "dirección", "direccion", "indirizzo",
        "endereço", "adres", "in", "on", "of"
    ])

    /// Before the street's name (its number after it, or before the type): "Rue de Virton 38",
    /// "Via Roma 131", "Avda. Rio Nalon 58", "ul. Narewska 94", "36 rue de pologne".
    static let types = WordSet([
        "rue", "avenue", "av", "ave", "boulevard", "bd", "bld", "chemin", "allée", "allee", "impasse", "quai", "route", "place",
        "cours", "passage", "faubourg", "calle", "c", "avenida", "avda", "plaza", "paseo", "camino", "carrer", "carretera",
        "ronda", "travesía", "via", "viale", "piazza", "piazzale", "corso", "vicolo", "largo", "strada", "contrada", "rua",
        "travessa", "praça", "praca", "estrada", "alameda", "rodovia", "ul", "ulica", "aleja", "al", "os", "osiedle", "pl",
        "calea", "strada", "bulevardul", "str", "odos", "leoforos", "utca", "út", "tér", "körút", "náměstí", "třída", "nábřeží"
    ])

    /// Types that follow the name as separate words and the number after them:
    /// "Berliner Straße 12", "Erzsébet tér 19", "Kossuth Lajos utca 12".
    static let typesAfterName = WordSet([
        "straße", "strasse", "str", "weg", "allee", "platz", "gasse", "ring", "damm", "ufer", "markt", "chaussee", "steig",
        "utca", "út", "tér", "körút", "laan", "straat", "plein", "gracht", "kade", "vej", "gade", "gatan", "vägen", "veien",
        "gata", "tie", "katu", "kuja", "kapu", "köz", "sor", "sétány", "fasor", "u", "tee", "tn", "tänav", "mnt", "pst", "gate",
        "vei", "veg", "väg", "rkp", "útja"
    ])

    /// Endings of one-word street names, the number after: "Hauptstraße 5", "Rooseveltlaan
    /// 110", "Harjukuja 54", "Puruntie 82", "Hlíðarvegur 97", "Drottninggatan 3". Each with the
    /// shortest name it may end (so "Spring 2019" is no "…ring").
    static let compoundEndings: [(ending: [UInt8], minimum: Int)] = [
        ("straße", 8), ("strasse", 9), ("str.", 6), ("weg", 6), ("gasse", 8), ("platz", 8), ("allee", 8), ("damm", 7),
        ("ufer", 7), ("laan", 6), ("straat", 8), ("plein", 8), ("gracht", 9), ("kade", 7), ("singel", 9), ("dijk", 7),
        ("steeg", 8), ("vej", 6), ("gade", 7), ("gatan", 8), ("gata", 7), ("vägen", 8), ("väg", 6), ("gränd", 8), ("veien", 8),
        ("vegen", 8), ("vegur", 8), ("stræde", 9), ("tie", 6), ("katu", 7), ("kuja", 7), ("polku", 8), ("kaari", 8), ("tori", 7),
        ("rinne", 8), ("raitti", 9), ("gränden", 10), ("torget", 9), ("torv", 7), ("utca", 7), ("stræti", 9), ("straeti", 10),
        ("braut", 8), ("tún", 6), ("vænget", 9), ("vaenget", 10), ("stien", 8), ("bakken", 9), ("ulice", 8), ("náměstí", 11), ("aukio", 8)
    ].map { (Array($0.0.utf8), $0.1) }

    /// Unit designators: "Apt. 595", "Suite 510", "Flat 3", "Unit 4B".
    static let units = WordSet([
        "apt", "apartment", "suite", "ste", "unit", "flat", "floor", "fl", "room", "rm", "bldg", "building", "dept", "lot", "stop",
        "space", "trlr", "wohnung", "etage", "piso", "puerta", "appartement", "bâtiment", "escalier", "interno", "scala", "andar"
    ])

    /// Postal boxes and military addresses: "PO Box 123", "PSC 5217, Box 4854", "APO AP 43617".
    static let boxes = WordSet(["box", "postbox", "postfach", "bp", "apartado", "casella", "caixa", "psc", "cmr", "apo", "fpo", "dpo"])

    /// After a suffix: "Main St NW".
    static let directions = WordSet(["n", "s", "e", "w", "ne", "nw", "se", "sw", "north", "south", "east", "west"])

    /// Military post: "APO AP 43617".
    static let militaryPost = WordSet(["apo", "fpo", "dpo"])

    /// Lower-case words inside a street's name ("Via delle Coste", "Rua do Arenque").
    static let particles = WordSet([
        "de", "del", "della", "delle", "dei", "degli", "di", "da", "do", "dos", "das", "du", "des", "la", "le", "les", "el", "los",
        "van", "von", "der", "den", "am", "an", "im", "zum", "zur", "y", "e", "i", "of", "the", "on", "upon", "nad", "pod", "u", "z"
    ])
}

/// The words that name a credential in English, German, French, Spanish, Dutch, Italian,
/// Portuguese and a few more, and the small closed classes a sentence uses to hand one over
/// ("is", "lautet", "est", "auf", "naar"…). The grammar in `CredentialPhraseDetector` is
/// written over these classes, not over phrases: "das Passwort für den Server lautet jetzt X"
/// and "the passphrase we use is X" are the same sentence to it.
enum CredentialLexicon {
    /// What the value after a noun must look like.
    enum Kind {
        /// A password: something people type (digits or symbols somewhere).
        case password
        /// A key, token or secret: long and machine-generated.
        case token
        /// Credentials: a user and a password ("admin / X").
        case pair
    }

    struct Noun {
        let bytes: [UInt8]
        let kind: Kind
        /// Abbreviations and words with other senses ("pass", "pw", "clave"): the value must
        /// follow a link, never stand right after the noun.
        let weak: Bool
        /// `AssignmentDetector` reads `noun: value` and `noun = value` for this noun (an English
        /// key word); the phrase rules leave those shapes to it.
        let assignmentKnows: Bool
        /// "pass" is also a verb ("pass a pointer to f", "pass it to the kernel"): a noun only
        /// where a mark, a copula or a qualifier follows it (`nounFollowers`).
        let alsoVerb: Bool
        /// A passphrase may be words with blanks between them, in quotes.
        var isPassphrase: Bool { bytes.elementsEqual("passphrase".utf8) }

        /// The noun read as a password's ("the Wi-Fi key": a key people type). The assignment
        /// rules take no bare `Key:` for one, so `Key: X` is read here.
        var asPassword: Noun { Noun(bytes: bytes, kind: .password, weak: weak, assignmentKnows: AssignmentDetector.strength(for: bytes) != nil) }

        init(bytes: [UInt8], kind: Kind, weak: Bool, assignmentKnows: Bool? = nil) {
            (self.bytes, self.kind, self.weak) = (bytes, kind, weak)
            self.assignmentKnows = assignmentKnows ?? (AssignmentDetector.strength(for: bytes) != nil || bytes == Array("key".utf8))
            alsoVerb = bytes == Array("pass".utf8)
        }
    }

    static let nouns: [Noun] = {
        func list(_ words: [String], _ kind: Kind, weak: Bool = false) -> [Noun] {
            words.map { Noun(bytes: Array($0.utf8), kind: kind, weak: weak) }
        }
        return list(
            [
                "password", "passwort", "kennwort", "passphrase", "passcode", "passwd", "mot de passe", "mots de passe",
                "contraseña", "contrasena", "wachtwoord", "senha", "palavra-passe", "parola d'ordine", "hasło", "haslo",
                "lösenord", "losenord", "salasana", "passord", "adgangskode", "heslo", "jelszó",
                "code d'accès", "código de acceso", "access code"
            ], .password)
            + list(["pw", "pwd", "pass", "mdp", "ww", "clave"], .password, weak: true)
            + list(["token", "jeton", "secret", "secreto", "segreto", "segredo", "apikey"], .token)
            // Keys have other senses ("the key is to…", "primary key"): a link must come first.
            + list(["key", "clé", "cle", "schlüssel", "sleutel", "chiave", "chave", "llave", "salt"], .token, weak: true)
            + list(
                [
                    "credentials", "creds", "zugangsdaten", "anmeldedaten", "identifiants", "credenciales", "credenziali",
                    "credenciais", "inloggegevens",
                    // A login or an access is a user and a password only when written as one
                    // ("Login: deploy / X"); a pair is never read from a single word.
                    "login", "logins", "zugang", "acceso", "accesso", "toegang"
                ], .pair)
    }()

    /// Run-together compounds end in these ("Datenbankpasswort", "toegangstoken").
    static let compoundTails: [(bytes: [UInt8], noun: Int)] = ["passwort", "kennwort", "wachtwoord", "password", "token", "secret", "schlüssel", "sleutel"].map
    { tail in
        (Array(tail.utf8), nouns.firstIndex { $0.bytes == Array(tail.utf8) }!)
    }

    /// Words after which the value may come: copulas, "to"-like prepositions of setting
    /// ("set … to", "auf … setzen", "changer en", "cambiar a", "zetten op", "mudar para").
    static let links = WordSet([
        "is", "was", "are", "remains", "stays", "becomes", "to", "ist", "lautet", "war", "bleibt", "auf", "zu", "est",
        "était", "reste", "devient", "en", "à", "sur", "es", "era", "será", "sera", "a", "para", "luidt", "blijft",
        "wordt", "naar", "op", "è", "resta", "diventa", "per", "é", "continua", "fica", "är", "er", "jest",
        // Plural nouns ("die Zugangsdaten sind …") and modal verbs ("should be …", "doit être …").
        "sind", "sont", "son", "zijn", "sono", "são", "be", "être", "ser", "essere",
        // Spoken copulas, with either apostrophe: "le mdp c'est …", "the wifi password, it's …".
        "c'est", "c\u{2019}est", "it's", "it\u{2019}s", "that's", "that\u{2019}s",
        // "I've set the password as X".
        "as"
    ])

    /// What follows a word that is also a verb where it is a noun: a copula ("the pass is …")
    /// or a qualifier ("pass for the wifi: …"); a verb takes an object or "to" instead.
    static let nounFollowers = WordSet([
        "is", "was", "ist", "war", "est", "était", "es", "era", "luidt", "wordt", "è", "é", "jest", "c'est", "c\u{2019}est",
        "for", "of", "on", "für", "vom", "von", "du", "de", "del", "pour", "para", "voor", "van", "per", "da"
    ])

    /// Prepositions that open what the credential is for ("the password for the staging env",
    /// "le mot de passe du compte email"): the words after one name that thing, so a property
    /// word among them ("env", "email", "page") says nothing about the credential.
    static let objectPrepositions = WordSet([
        "for", "of", "on", "at", "für", "vom", "von", "du", "des", "de", "del", "pour", "voor", "van", "di", "della", "do", "da"
    ])

    /// Verbs of changing, after which a preposition names the new value ("gewijzigd in …",
    /// "changé pour …", "changed into …"); alone, "in" and "pour" link nothing.
    static let changeVerbs = WordSet([
        "changed", "reset", "updated", "set", "gewijzigd", "veranderd", "aangepast", "changé", "changée", "modifié", "modifiée",
        "remplacé", "cambiado", "cambiada", "cambiato", "cambiata", "mudado", "mudada", "geändert", "umgestellt"
    ])
    static let changePrepositions = WordSet(["in", "into", "pour", "por"])

    /// Words that may stand between a link and the value ("is now", "ist weiterhin").
    static let fillers = WordSet([
        "now", "still", "currently", "simply", "just", "also", "jetzt", "nun", "weiterhin", "immer", "noch", "nach",
        "wie", "vor", "maintenant", "désormais", "toujours", "encore", "ahora", "siendo", "todavía", "nu", "nog",
        "steeds", "ora", "agora", "sempre", "ancora", "actuellement", "actualmente", "momenteel", "aktuell"
    ])

    /// Words that say the sentence is about a property of the credential, not its value:
    /// "the key ID is …", "the password length is …", "der Dateiname des Tokens ist …".
    static let properties = WordSet([
        "id", "ids", "identifier", "fingerprint", "name", "type", "size", "length", "format", "version", "path", "file",
        "url", "uri", "endpoint", "hash", "prefix", "suffix", "expiry", "expiration", "ttl", "lifetime", "scope", "scopes",
        "owner", "header", "field", "variable", "env", "location", "policy", "rotation", "hint", "requirements",
        "strength", "digest", "checksum", "algorithm", "label", "alias", "count", "limit", "age", "pair",
        "länge", "typ", "datei", "pfad", "dateiname", "richtlinie", "longueur", "nom", "fichier", "chemin", "longitud",
        "nombre", "archivo", "ruta", "naam", "lengte", "bestand", "pad", "lunghezza", "percorso", "comprimento",
        "caminho", "arquivo", "manager", "store", "vault", "field", "column", "attribute", "parameter", "option",
        "setting", "flag", "argument", "prompt", "dialog", "screen", "page", "link", "email", "e-mail", "mail", "reminder"
    ])

    /// Prepositions after "use …" that make the noun the role of the word before them:
    /// "use X as the password", "X als Passwort verwenden", "X comme mot de passe".
    static let asWords = WordSet(["as", "als", "comme", "como", "come"])
    /// Copulas of "X is the password" (the value first).
    static let valueFirstCopulas = WordSet([
        "is", "was", "becomes", "ist", "war", "wird", "est", "était", "devient", "es", "era", "será", "wordt", "è", "é"
    ])
    /// Heads of compounds a credential noun modifies ("password reset", "Passwort-Richtlinie").
    static let compoundHeads = WordSet([
        "reset", "resets", "hashing", "hashes", "change", "changes", "recovery", "generator", "example", "examples", "sample",
        "rules", "rule", "protection", "protected", "expiry", "complexity", "history", "storage", "list", "lists", "database"
    ])
    static let possessives = WordSet([
        "my", "our", "your", "mein", "meine", "unser", "unsere", "mon", "ma", "notre", "mi", "nuestra", "nuestro", "mijn", "ons", "onze"
    ])
    static let articles = WordSet(["the", "a", "das", "dem", "den", "die", "le", "la", "l'", "el", "het", "de", "il", "o", "an"])
}

/// Credentials stated in sentences and chat, in seven languages: a noun phrase naming the
/// credential, an optional qualifier ("for the staging box"), a link ("is", "lautet", "est",
/// ":") and the value; or a verb that sets it ("set the password to …"). The pieces are
/// composed at random, so a rule written for one phrasing fails on its siblings.
enum ProseContexts {
    struct Language {
        let nouns: [String]
        let tokenNouns: [String]
        let qualifiers: [String]
        let links: [String]
        /// Text before and after the value of a sentence that sets or hands over a password.
        let settings: [(String, String)]
        let intros: [String]
        /// "The key we sign releases with is …": nouns no key names, a relative clause, a link.
        let unnamed: [(String, String)]
    }

    static let english = Language(
        nouns: [
            "the password", "the admin password", "the root password", "the new password", "my password", "the passphrase",
            "the DB password", "the wifi password", "our shared password", "the temporary password", "the login password", "the passcode"
        ],
        tokenNouns: [
            "the API key", "the access token", "the signing secret", "the webhook secret", "the client secret", "the bot token",
            "the secret key", "the auth token", "the master key", "the personal access token"
        ],
        qualifiers: [
            "", "", " for the staging box", " for prod", " of the shared account", " to the VPN", " on db01", " for the new Jenkins user",
            // What it is for may be named by a word that elsewhere names a property.
            " for the staging env", " for the email account", " of the backup file", " for the admin page"
        ],
        links: [" is ", " is now ", ": ", " is: ", " was changed to ", " has been reset to ", " is still ", " = ", ", it's ", " - it’s "],
        settings: [
            ("set the password to ", ""), ("I changed the password to ", ""), ("reset the admin password to ", " and told Bob"),
            ("log in with the password ", ""), ("use the password ", " for now"), ("please use ", " as the password"),
            ("you can sign in with ", " as password"), ("creds: admin / ", ""), ("the credentials are admin and ", ""),
            ("the password should be ", ""), ("the new password will be ", " from Monday"), ("I rotated the DB password; the new one is ", ""),
            ("the staging login is deploy / ", ""), ("Login: ops / ", ""),
            ("I've set the admin password as ", ""), ("As the password I chose ", " for now"),
            ("", " is the new password"), ("", " is our new wifi password")
        ],
        intros: ["", "", "FYI ", "Hi all, ", "Note: ", "btw ", "Reminder: ", "Heads up - "],
        unnamed: [
            ("The key we use to sign release builds is ", ""), ("Here's the secret for the payment webhook: ", ""),
            ("I generated a new key for the mobile app: ", ""), ("The token Jenkins uses to push is ", ""),
            ("the key for the backup bucket is ", " - keep it safe"), ("Stripe's live secret, which the checkout needs, is ", "")
        ])

    static let german = Language(
        nouns: [
            "das Passwort", "das neue Passwort", "das Kennwort", "das Admin-Passwort", "mein Passwort", "das Root-Passwort",
            "das WLAN-Passwort", "das Datenbankpasswort", "das Initialpasswort"
        ],
        tokenNouns: ["der API-Schlüssel", "das Token", "der Zugangsschlüssel", "das Zugriffstoken", "der geheime Schlüssel", "das Client-Secret"],
        qualifiers: ["", "", " für den Staging-Server", " für die Datenbank", " vom Router", " des Testkontos", " für den Jenkins-Benutzer"],
        links: [" lautet ", " ist ", ": ", " ist jetzt ", " lautet jetzt ", " lautet: ", " ist weiterhin "],
        settings: [
            ("setze das Passwort auf ", ""), ("ich habe das Passwort auf ", " geändert"), ("das Passwort wurde auf ", " zurückgesetzt"),
            ("melde dich mit dem Passwort ", " an"), ("bitte das Kennwort ", " verwenden"), ("Zugangsdaten: admin / ", ""), ("Zugang: admin / ", ""),
            ("die Zugangsdaten sind admin und ", ""), ("Das Passwort wurde geändert, das neue lautet ", ""),
            ("Als Passwort habe ich ", " gesetzt"), ("", " ist das neue Passwort")
        ],
        intros: ["", "", "Hallo zusammen, ", "Hinweis: ", "zur Info: ", "Achtung: "],
        unnamed: [
            ("Der Schlüssel für die Signatur der Releases ist ", ""), ("Hier das Secret für den Webhook: ", ""),
            ("der Schlüssel für das Backup lautet ", ""), ("Das Token, mit dem Jenkins pusht, ist ", "")
        ])

    static let french = Language(
        nouns: [
            "le mot de passe", "le nouveau mot de passe", "le mdp", "le mot de passe admin", "mon mot de passe", "le mot de passe root",
            "le mot de passe wifi", "le mot de passe de la base"
        ],
        tokenNouns: ["la clé API", "la clé d'API", "le jeton d'accès", "le jeton", "la clé secrète", "le secret client", "le token"],
        qualifiers: ["", "", " du serveur de test", " pour la base", " de l'admin", " du compte partagé", " pour la préprod", " du compte email"],
        links: [" est ", " est : ", " : ", " est maintenant ", " est désormais ", " reste ", " c'est ", ", c’est ", " c'est maintenant "],
        settings: [
            ("changez le mot de passe en ", ""), ("j'ai changé le mot de passe en ", ""), ("utilisez le mot de passe ", " pour vous connecter"),
            ("le mot de passe a été réinitialisé à ", ""), ("connectez-vous avec le mot de passe ", ""), ("identifiants : admin / ", ""),
            ("les identifiants sont admin et ", ""), ("J'ai changé le mot de passe. Le nouveau est ", ""), ("le mot de passe doit être ", ""),
            ("le mot de passe a été changé pour ", ""),
            ("Comme mot de passe, j'ai mis ", ""), ("le code d'accès du portail est ", ""),
            ("", " est le nouveau mot de passe")
        ],
        intros: ["", "", "Bonjour, ", "Pour info, ", "Rappel : ", "Attention : "],
        unnamed: [
            ("La clé pour signer les builds est ", ""), ("Voici le secret du webhook de paiement : ", ""),
            ("la clé de la sauvegarde est ", ""), ("Le jeton que Jenkins utilise est ", "")
        ])

    static let spanish = Language(
        nouns: [
            "la contraseña", "la nueva contraseña", "la clave", "mi contraseña", "la contraseña de admin", "la contraseña root",
            "la contraseña del wifi", "la contraseña de la base de datos"
        ],
        tokenNouns: ["la clave de API", "la clave API", "el token de acceso", "el token", "la clave secreta", "el secreto del cliente"],
        qualifiers: [
            "", "", " del servidor", " para la base de datos", " de staging", " de la cuenta compartida", " del entorno de pruebas", " del archivo de respaldo"
        ],
        links: [" es ", " es: ", ": ", " ahora es ", " sigue siendo ", " será "],
        settings: [
            ("cambia la contraseña a ", ""), ("cambié la contraseña a ", ""), ("usa la contraseña ", " para entrar"),
            ("establece la contraseña en ", ""), ("la contraseña se restableció a ", ""), ("credenciales: admin / ", ""), ("las credenciales son admin y ", ""),
            ("Cambié la contraseña; la nueva es ", ""),
            ("la contraseña debe ser ", ""), ("el acceso es root / ", ""),
            ("Como contraseña he puesto ", ""), ("", " es la nueva contraseña")
        ],
        intros: ["", "", "Hola, ", "Nota: ", "Ojo: ", "Para que lo sepáis, "],
        unnamed: [
            ("La clave que usamos para firmar es ", ""), ("Aquí está el secreto del webhook: ", ""),
            ("la clave del backup es ", ""), ("El token que usa Jenkins es ", "")
        ])

    static let dutch = Language(
        nouns: [
            "het wachtwoord", "het nieuwe wachtwoord", "mijn wachtwoord", "het admin-wachtwoord", "het root-wachtwoord",
            "het wifi-wachtwoord", "het databasewachtwoord"
        ],
        tokenNouns: ["de API-sleutel", "de API-key", "het toegangstoken", "het token", "de geheime sleutel", "het client secret"],
        qualifiers: ["", "", " voor de testserver", " van de database", " voor staging", " van het gedeelde account", " van het e-mail account"],
        links: [" is ", " is nu ", ": ", " luidt ", " is gewijzigd naar ", " blijft "],
        settings: [
            ("zet het wachtwoord op ", ""), ("ik heb het wachtwoord veranderd naar ", ""), ("gebruik het wachtwoord ", " om in te loggen"),
            ("het wachtwoord is gereset naar ", ""), ("log in met wachtwoord ", ""), ("inloggegevens: admin / ", ""), ("de inloggegevens zijn admin en ", ""),
            ("Het wachtwoord is gewijzigd; het nieuwe is ", ""),
            ("toegang: beheer / ", ""),
            ("het wachtwoord is gewijzigd in ", ""),
            ("Als wachtwoord heb ik ", " ingesteld"), ("", " is het nieuwe wachtwoord")
        ],
        intros: ["", "", "Hoi allemaal, ", "Let op: ", "Ter info: "],
        unnamed: [
            ("De sleutel voor het ondertekenen is ", ""), ("Hier is het secret voor de webhook: ", ""),
            ("de sleutel van de backup is ", ""), ("Het token dat Jenkins gebruikt is ", "")
        ])

    static let italian = Language(
        nouns: ["la password", "la nuova password", "la parola d'ordine", "la password di admin"],
        tokenNouns: ["la chiave API", "il token", "la chiave segreta"],
        qualifiers: ["", " del server", " per il database", " di staging"],
        links: [" è ", ": ", " ora è ", " resta "],
        settings: [
            ("imposta la password a ", ""), ("usa la password ", " per entrare"), ("credenziali: admin / ", ""),
            ("la password dell'account admin è ", "")
        ],
        intros: ["", "Ciao, ", "Nota: "],
        unnamed: [("La chiave per firmare le release è ", ""), ("Ecco il segreto del webhook: ", "")])

    static let portuguese = Language(
        nouns: ["a senha", "a nova senha", "a palavra-passe", "a senha do admin"],
        tokenNouns: ["a chave de API", "o token", "a chave secreta"],
        qualifiers: ["", " do servidor", " para o banco de dados", " de staging"],
        links: [" é ", ": ", " agora é ", " continua "],
        settings: [("mude a senha para ", ""), ("use a senha ", " para entrar"), ("credenciais: admin / ", "")],
        intros: ["", "Olá, ", "Nota: "],
        unnamed: [("A chave para assinar os builds é ", ""), ("Aqui está o segredo do webhook: ", "")])

    static let languages = [english, german, french, spanish, dutch, italian, portuguese]
    static let endings = [".", "", "", " - please rotate it after use.", " (until Friday)", "\n", " thanks", "!"]

    private static func sentence(_ d: inout Draw, _ language: Language, _ body: (inout Draw, inout CaseBuilder) -> Void) -> CaseBuilder {
        var b = CaseBuilder()
        if d.chance(0.3) { b.add(d.pick(["Some context first. ", "ok\n", "Deploy notes\n\n", "- "])) }
        b.add(d.pick(language.intros))
        body(&d, &b)
        b.add(d.pick(endings))
        return b
    }

    private static func capitalisedIfFirst(_ phrase: String, _ b: CaseBuilder) -> String {
        b.text.isEmpty || b.text.hasSuffix("\n") || b.text.hasSuffix(". ") ? phrase.prefix(1).uppercased() + phrase.dropFirst() : phrase
    }

    /// "the password for the staging box is …" in any language, the value quoted or not.
    static func keyword(_ d: inout Draw) -> GeneratedCase {
        let language = d.pick(languages)
        return sentence(&d, language) { d, b in
            let token = d.chance(0.35)
            b.add(capitalisedIfFirst(d.pick(token ? language.tokenNouns : language.nouns), b))
            b.add(d.pick(language.qualifiers))
            b.add(d.pick(language.links))
            d.quoted(token ? d.token() : d.password(), &b, quotes: ["", "", "\"", "'", "`", "«", "„"])
        }.build("prose_keyword")
    }

    /// A key or secret too short for its length to speak for it — 10 to 15 random letters and
    /// digits ("the client secret is Ab12Cd34Ef56") — after a noun of keys and secrets.
    static func shortToken(_ d: inout Draw) -> GeneratedCase {
        let language = d.pick(languages)
        return sentence(&d, language) { d, b in
            b.add(capitalisedIfFirst(d.pick(language.tokenNouns), b))
            b.add(d.pick(language.qualifiers))
            b.add(d.pick(language.links))
            d.quoted(d.string(d.int(10...15), Draw.alnum), &b, quotes: ["", "", "\"", "'", "`", "«", "„"])
        }.build("short_token")
    }

    /// A passphrase of words, in quotes, stated or assigned; a wallet's mnemonic; a TOTP seed.
    static func passphrase(_ d: inout Draw) -> GeneratedCase {
        var b = CaseBuilder()
        if d.chance(0.15) {
            let words = (0..<d.pick([12, 18, 24])).map { _ in d.string(d.int(3...8), Draw.lower) }.joined(separator: " ")
            let quote = d.pick(["\"", ""])
            b.add(d.pick(["mnemonic: ", "MNEMONIC=", "wallet_mnemonic = ", "seed_mnemonic: "]) + quote)
            b.value(words)
            b.add(quote + "\n")
            return b.build("passphrase")
        }
        if d.chance(0.15) {
            b.add(d.pick(["totp seed: ", "TOTP_SEED=", "otp_seed = ", "mfa seed: "]))
            b.value(d.string(d.pick([16, 24, 32]), "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"))
            b.add("\n")
            return b.build("passphrase")
        }
        let words = (0..<d.int(3...6)).map { _ in
            let word = d.string(d.int(3...8), Draw.lower)
            return d.chance(0.4) ? word.capitalized : d.chance(0.2) ? word + String(d.int(0...99)) : word
        }
        let quote = d.pick(["\"", "'"])
        b.add(d.pick(["", "FYI ", "Note: "]))
        b.add(
            d.pick([
                "the passphrase is ", "The passphrase for the signing key is ", "passphrase: ", "GPG_PASSPHRASE=", "ssh_passphrase = ",
                "our backup passphrase is now ", "\"passphrase\": "
            ]))
        b.add(quote)
        b.value(words.joined(separator: " "))
        b.add(quote + d.pick(["", ".", "\n", " - don't share it"]))
        return b.build("passphrase")
    }

    /// "set the password to …", "melde dich mit dem Passwort … an".
    static func setting(_ d: inout Draw) -> GeneratedCase {
        let language = d.pick(languages)
        return sentence(&d, language) { d, b in
            let (before, after) = d.pick(language.settings)
            b.add(capitalisedIfFirst(before, b))
            d.quoted(d.password(), &b, quotes: ["", "", "\"", "'"])
            b.add(after)
        }.build("prose_setting")
    }

    /// Chat lines: abbreviations, nicknames, timestamps; a user and a password word in one
    /// line with no separator ("user ftpdeploy pass …"); a question naming the credential
    /// answered by the next message.
    static func chat(_ d: inout Draw) -> GeneratedCase {
        var b = CaseBuilder()
        let who = d.pick(["alice", "bob", "carol", "d.meyer", "jan", "sofia_r"])
        let prefixes = ["[09:1\(d.int(0...9))] \(who): ", "<\(who)> ", "\(who): ", "@\(who) ", ""]
        if d.chance(0.2) {
            b.add(d.pick(prefixes))
            b.add(
                d.pick([
                    "whats the pw for grafana?", "anyone have the wifi password?", "wie ist das Passwort vom NAS?",
                    "c'est quoi le mot de passe du routeur ?", "cuál es la contraseña del servidor?", "wat is het wachtwoord van de vpn?",
                    "what was the root pw again??", "Kennwort für den Drucker?"
                ]) + "\n")
            b.add(d.pick(["[09:2\(d.int(0...9))] carol: ", "<carol> ", "carol: ", ""]))
            b.add(d.pick(["", "admin / ", "root:", "svc_print ", "ops | "]))
            b.value(d.password().replacingOccurrences(of: " ", with: ""))
            b.add(d.pick(["", "\n", " \n"]))
            return b.build("chat")
        }
        b.add(d.pick(prefixes.dropLast() + ["\(who) 10:4\(d.int(0...9)) AM\n"]))
        if d.chance(0.3) {
            b.add(d.pick(["", "creds for the ftp box -> ", "vpn: ", "staging db "]))
            b.add(d.pick(["user ", "username ", "login ", "usr ", "User "]) + d.pick(["ftpdeploy", "admin", "svc_backup", "root", "jan.k"]))
            b.add(d.pick([" ", ", ", " / ", " | ", "  "]) + d.pick(["pass ", "pw ", "pwd ", "password ", "PW "]))
            d.quoted(d.password(), &b, quotes: ["", "", "\""])
            b.add(d.pick(["", " :)", "\n"]))
            return b.build("chat")
        }
        let noun = d.pick([
            "pw", "pwd", "pass", "passwd", "root pw", "new pass", "PW", "Passwort", "Kennwort", "mdp", "mot de passe", "contraseña",
            "clave", "wachtwoord", "ww", "password", "senha", "the pw"
        ])
        b.add(noun)
        b.add(d.pick(["", "", " for staging", " für VPN", " du wifi", " del server", " voor prod", " on the box"]))
        b.add(d.pick([" is ", ": ", " = ", " -> ", " ist ", " est ", " es ", " => "]))
        d.quoted(d.password(), &b, quotes: ["", "", "`", "\""])
        b.add(d.pick(["", " :)", " (changed today)", "\n\(who): thx"]))
        return b.build("chat")
    }

    /// A user and a password handed over with the verb of signing in, no credential noun:
    /// "log in with admin / X", "Melde dich mit root:X an", "inicia sesión con `ops` / X".
    static func signIn(_ d: inout Draw) -> GeneratedCase {
        var b = CaseBuilder()
        if d.chance(0.3) { b.add(d.pick(["Hi team,\n", "- ", "ok so ", "[10:02] bob: ", "Note: "])) }
        let user = d.pick(["admin", "root", "deploy", "ops", "svc_backup", "jan.k", "ci-bot", "it@corp.example"])
        if d.chance(0.25) {
            // The pair first: "use admin / X to log in", "Bitte mit root:X anmelden".
            let (use, verb) = d.pick([
                (d.pick(["Use", "use", "just use", "Using", "try with"]), d.pick([" to log in", " to sign in", " to login", " to authenticate"])),
                (d.pick(["Bitte mit", "mit", "Einfach mit"]), d.pick([" anmelden", " einloggen", " zum anmelden"]))
            ])
            b.add(use + " " + user + d.pick([" / ", "/", ":"]))
            b.value(d.password().replacingOccurrences(of: " ", with: ""))
            b.add(verb + d.pick(["", ".", "\n", " first"]))
            return b.build("sign_in")
        }
        let (verb, means, after) = d.pick([
            (
                d.pick(["log in", "Log in", "sign in", "Sign in", "login", "log on", "authenticate", "ssh in", "connect"]),
                d.pick(["with", "using", "as", "via"]), d.pick(["", " for now", " until Friday", ".", " and change it", "\n"])
            ),
            (d.pick(["Melde dich", "melden Sie sich", "einloggen"]), "mit", d.pick([" an.", " an", ".", ""])),
            (d.pick(["Connecte-toi", "connectez-vous", "se connecter"]), "avec", d.pick([".", "", " stp"])),
            (d.pick(["Inicia sesión", "inicie sesión", "accede"]), "con", d.pick([".", "", " por favor"])),
            (d.pick(["Log in", "inloggen", "log je in"]), "met", d.pick([".", "", " aub"]))
        ])
        b.add(verb)
        b.add(d.pick(["", " to the console", " on the router", " to staging", " op de NAS", " auf dem Server", " sur le routeur"]))
        b.add(" \(means) ")
        let quote = d.pick(["", "", "`", "'"])
        b.add(quote + user + quote)
        b.add(d.pick([" / ", "/", ":", " / "]))
        let value = d.password().replacingOccurrences(of: " ", with: "")
        d.quoted(value, &b, quotes: quote.isEmpty ? ["", "", "\""] : [quote])
        b.add(after)
        return b.build("sign_in")
    }

    /// A wireless network's key in prose or a note: a password people type, named "key".
    static func wifiKey(_ d: inout Draw) -> GeneratedCase {
        var b = CaseBuilder()
        switch d.int(0...3) {
        case 0: b.add(d.pick(["The Wi-Fi key is ", "the wifi key for guests is ", "WLAN key: ", "WPA2 key = ", "Hotspot key -> "]))
        case 1: b.add("SSID: \(d.pick(["Office", "Guest-5G", "Lab_2G"]))\n\(d.pick(["Key", "key", "WPA key", "Schlüssel"])): ")
        case 2:
            b.add(
                d.pick([
                    "Der WLAN-Schlüssel lautet ", "WLAN-Schlüssel: ", "La clé Wi-Fi est ", "la clé du wifi : ", "La clave del wifi es ",
                    "De wifi-sleutel is "
                ]))
        default: b.add("Wi-Fi: \(d.pick(["HomeNet", "Cafe_Guest", "Lab"])) / Key: ")
        }
        d.quoted(d.password(), &b, quotes: ["", "", "\""])
        b.add(d.pick(["", "\n", " (changed monthly)\n"]))
        return b.build("wifi_key")
    }

    /// Long random tokens introduced by a sentence that names no key ("the key we sign with is …").
    static func unnamed(_ d: inout Draw) -> GeneratedCase {
        let language = d.pick(languages)
        var b = CaseBuilder()
        let (before, after) = d.pick(language.unnamed)
        b.add(before)
        d.quoted(d.token(), &b, quotes: ["", "", "`", "\""])
        b.add(after)
        b.add(d.pick([".", "", "\n"]))
        return b.build("prose_unnamed")
    }
}

/// Provider tokens recognised by a fixed prefix and a body of known alphabet and length:
/// cloud, VCS, chat, payment, AI, package registry and SaaS credentials.
enum TokenPrefixDetector {
    enum Alphabet {
        case alnum, word, hex, hexLower, base64URL, base64, upperDigit, digits, dotWord, urlPath

        func accepts(_ b: UInt8) -> Bool {
            switch self {
            case .alnum: return Bytes.isAlnum(b)
            case .word: return Bytes.isWord(b)
            case .hex: return Bytes.isHex(b)
            case .hexLower: return Bytes.isDigit(b) || (b >= 0x61 && b <= 0x66)
            case .base64URL: return Bytes.isBase64URL(b)
            case .base64: return Bytes.isBase64(b)
            case .upperDigit: return Bytes.isUpper(b) || Bytes.isDigit(b)
            case .digits: return Bytes.isDigit(b)
            case .dotWord: return Bytes.isWord(b) || b == 0x2E
            case .urlPath: return Bytes.isWord(b) || b == 0x2E || b == 0x2F
            }
        }
    }

    struct Rule {
        let prefix: [UInt8]
        let name: String
        let type: EntityType
        let alphabet: Alphabet
        let minBody: Int
        let maxBody: Int
    }

    private static func rules(
        _ prefixes: [String], _ name: String, _ type: EntityType, _ alphabet: Alphabet,
        _ minBody: Int, _ maxBody: Int
    ) -> [Rule] {
        prefixes.map { Rule(prefix: Array($0.utf8), name: name, type: type, alphabet: alphabet, minBody: minBody, maxBody: maxBody) }
    }

    /// The table. Bodies are measured after the prefix.
    static let table: [Rule] = [
        // Cloud
        rules(
            ["AKIA", "ASIA", "ABIA", "ACCA", "AGPA", "AIDA", "AROA", "AIPA", "ANPA", "ANVA", "APKA"], "aws_access_key_id", .cloudCredential, .upperDigit, 16, 16
        ),
        rules(["AIza"], "gcp_api_key", .cloudCredential, .base64URL, 35, 35),
        rules(["GOCSPX-"], "gcp_oauth_client_secret", .cloudCredential, .base64URL, 28, 28),
        rules(["ya29."], "google_oauth_access_token", .cloudCredential, .base64URL, 30, 2048),
        rules(["LTAI"], "alibaba_access_key_id", .cloudCredential, .alnum, 20, 20),
        rules(["dop_v1_", "doo_v1_", "dor_v1_"], "digitalocean_token", .cloudCredential, .hexLower, 64, 64),
        rules(["dapi"], "databricks_token", .cloudCredential, .hexLower, 32, 32),
        rules(["hvs.", "hvb."], "hashicorp_vault_token", .cloudCredential, .base64URL, 24, 512),
        rules(["AGE-SECRET-KEY-1"], "age_secret_key", .privateKey, .upperDigit, 58, 58),
        rules(["pul-"], "pulumi_token", .apiKey, .hexLower, 40, 40),
        rules(["sha256~"], "openshift_token", .apiKey, .base64URL, 43, 43),
        rules(["dt0c01."], "dynatrace_token", .apiKey, .dotWord, 80, 120),
        rules(["CFPAT-"], "contentful_token", .apiKey, .base64URL, 43, 43),
        // Version control
        rules(["ghp_", "gho_", "ghu_", "ghs_", "ghr_"], "github_token", .apiKey, .alnum, 36, 251),
        rules(["github_pat_"], "github_fine_grained_pat", .apiKey, .word, 60, 255),
        // GitLab publishes fixed body lengths per token kind.
        // GitLab: 20 characters in the legacy format, longer (with '.'-separated routing parts)
        // in the routable one.
        rules(["glpat-", "gldt-", "glrt-", "glcbt-", "glffct-", "glsoat-", "GR1348941"], "gitlab_token", .apiKey, .dotWord, 20, 300),
        // Trigger tokens: 40 hex characters from GitLab itself, 40 of [A-Za-z0-9_-] as other scanners define them.
        rules(["glptt-"], "gitlab_trigger_token", .apiKey, .base64URL, 40, 40),
        rules(["glimt-"], "gitlab_incoming_mail_token", .apiKey, .word, 25, 25),
        rules(["glagent-"], "gitlab_agent_token", .apiKey, .word, 50, 1024),
        rules(["gloas-"], "gitlab_oauth_secret", .apiKey, .word, 64, 64),
        rules(["ATATT3"], "atlassian_api_token", .apiKey, .dotWord, 100, 300),
        // Chat
        rules(
            [
                "https://hooks.slack.com/services/", "https://hooks.slack.com/workflows/", "https://hooks.slack.com/triggers/",
                "http://hooks.slack.com/services/", "http://hooks.slack.com/workflows/"
            ], "slack_webhook", .apiKey, .urlPath, 30, 200),
        rules(["https://discord.com/api/webhooks/", "https://discordapp.com/api/webhooks/"], "discord_webhook", .apiKey, .urlPath, 30, 200),
        rules(["EAACEdEose0cBA", "EAAM", "EAAB", "EAAG"], "facebook_access_token", .apiKey, .alnum, 90, 300),
        rules(["xapp-"], "slack_app_token", .apiKey, .word, 30, 200),
        // Payment
        rules(["sk_live_", "sk_test_", "rk_live_", "rk_test_"], "stripe_secret_key", .apiKey, .alnum, 20, 247),
        rules(["whsec_"], "stripe_webhook_secret", .apiKey, .alnum, 32, 64),
        rules(["sq0atp-", "sq0csp-"], "square_token", .apiKey, .base64URL, 22, 60),
        rules(["shpat_", "shpca_", "shppa_", "shpss_"], "shopify_token", .apiKey, .hex, 32, 32),
        rules(["FLWSECK_TEST-", "FLWSECK-"], "flutterwave_secret_key", .apiKey, .hex, 32, 32),
        rules(["access-sandbox-", "access-production-", "access-development-"], "plaid_access_token", .apiKey, .word, 36, 36),
        rules(["duffel_test_", "duffel_live_"], "duffel_token", .apiKey, .base64URL, 43, 43),
        rules(["EZAK", "EZTK"], "easypost_key", .apiKey, .alnum, 54, 54),
        rules(["shippo_live_", "shippo_test_"], "shippo_token", .apiKey, .hex, 40, 40),
        // AI providers
        rules(["sk-ant-api03-", "sk-ant-admin01-", "sk-ant-oat01-"], "anthropic_key", .apiKey, .word, 60, 200),
        rules(["sk-proj-", "sk-svcacct-", "sk-admin-"], "openai_key", .apiKey, .word, 40, 250),
        rules(["hf_"], "huggingface_token", .apiKey, .alnum, 34, 34),
        rules(["api_org_"], "huggingface_org_token", .apiKey, .alnum, 34, 34),
        rules(["gsk_"], "groq_key", .apiKey, .alnum, 52, 52),
        rules(["pplx-"], "perplexity_key", .apiKey, .alnum, 48, 48),
        rules(["r8_"], "replicate_token", .apiKey, .alnum, 37, 40),
        rules(["xai-"], "xai_key", .apiKey, .alnum, 70, 90),
        // Package registries
        rules(["npm_"], "npm_token", .apiKey, .alnum, 36, 36),
        rules(["pypi-AgEIcHlwaS5vcmc"], "pypi_token", .apiKey, .base64URL, 50, 300),
        rules(["pypi-AgENdGVzdC5weXBpLm9yZw"], "pypi_test_token", .apiKey, .base64URL, 50, 300),
        rules(["rubygems_"], "rubygems_key", .apiKey, .hexLower, 48, 48),
        rules(["CLOJARS_"], "clojars_token", .apiKey, .alnum, 60, 60),
        rules(["AKCp"], "artifactory_api_key", .apiKey, .alnum, 69, 73),
        rules(["cmVmdGtu"], "artifactory_reference_token", .apiKey, .alnum, 56, 60),
        // SaaS
        rules(["sgp_local_"], "sourcegraph_local_token", .apiKey, .hex, 40, 40),
        // sgp_<40 hex>, or sgp_<instance id of 16–20>_<40 hex>.
        rules(["sgp_"], "sourcegraph_token", .apiKey, .word, 40, 61),
        rules(["xkeysib-"], "brevo_key", .apiKey, .word, 80, 81),
        rules(["PMAK-"], "postman_key", .apiKey, .word, 59, 59),
        rules(["lin_api_"], "linear_key", .apiKey, .alnum, 40, 40),
        rules(["dp.pt.", "dp.st.", "dp.ct.", "dp.sa.", "dp.scim.", "dp.audit."], "doppler_token", .apiKey, .alnum, 40, 44),
        rules(["NRAK-"], "newrelic_user_key", .apiKey, .upperDigit, 27, 27),
        rules(["NRII-", "NRJS-"], "newrelic_key", .apiKey, .word, 32, 40),
        rules(["glc_"], "grafana_cloud_token", .apiKey, .base64, 32, 400),
        rules(["glsa_"], "grafana_service_account_token", .apiKey, .word, 41, 41),
        rules(["sntrys_", "sntryu_"], "sentry_token", .apiKey, .base64, 40, 300),
        rules(["figd_"], "figma_token", .apiKey, .word, 40, 44),
        rules(["pscale_tkn_", "pscale_pw_", "pscale_oauth_"], "planetscale_token", .apiKey, .dotWord, 32, 64),
        rules(["pnu_"], "prefect_key", .apiKey, .alnum, 36, 36),
        rules(["rdme_"], "readme_key", .apiKey, .alnum, 70, 70),
        rules(["ops_eyJ"], "onepassword_service_token", .apiKey, .base64, 100, 1500),
        rules(["s-s4t2ud-", "s-s4t2af-"], "intra42_secret", .apiKey, .hexLower, 64, 64),
        rules(["ico-"], "infracost_key", .apiKey, .alnum, 32, 32),
        rules(["tk-us-"], "scalingo_token", .apiKey, .word, 48, 48),
        rules(["fio-u-"], "frameio_token", .apiKey, .word, 64, 64),
        rules(["nfp_"], "netlify_token", .apiKey, .alnum, 36, 40),
        rules(["tfp_"], "typeform_token", .apiKey, .dotWord, 59, 59),
        rules(["secret_"], "notion_legacy_secret", .apiKey, .alnum, 43, 43),
        rules(["dckr_pat_"], "docker_hub_pat", .apiKey, .word, 27, 36),
        rules(["SK"], "twilio_api_key", .apiKey, .hexLower, 32, 32),
        rules(["key-"], "mailgun_key", .apiKey, .hexLower, 32, 32),
        // SoftLayer's SOAP endpoint takes the API key as a path segment.
        rules(
            [
                "https://api.softlayer.com/soap/v3/", "http://api.softlayer.com/soap/v3/", "https://api.softlayer.com/soap/v3.1/",
                "http://api.softlayer.com/soap/v3.1/"
            ], "softlayer_api_key", .cloudCredential, .hexLower, 64, 64),
        rules(["PuTTY-User-Key-File-"], "putty_private_key", .privateKey, .dotWord, 1, 8)
    ].flatMap { $0 }

    /// Rules grouped by first byte so each text position checks only a handful.
    static let byFirstByte: [[Rule]] = {
        var groups = [[Rule]](repeating: [], count: 256)
        for rule in table { groups[Int(rule.prefix[0])].append(rule) }
        for i in 0..<256 { groups[i].sort { $0.prefix.count > $1.prefix.count } }
        return groups
    }()

    /// Byte pairs that can start a rule, one bit each: almost every word start is rejected by
    /// one lookup instead of comparing it with each rule of its first letter. 8 KB, so it stays
    /// in cache between the database work of a search.
    nonisolated(unsafe) static let startsRule: UnsafePointer<UInt64> = {
        let bits = UnsafeMutablePointer<UInt64>.allocate(capacity: 1024)
        bits.initialize(repeating: 0, count: 1024)
        for rule in table {
            precondition(rule.prefix.count >= 2, "a token prefix needs two bytes for the pair lookup")
            let pair = Int(rule.prefix[0]) << 8 | Int(rule.prefix[1])
            bits[pair >> 6] |= 1 << UInt64(pair & 63)
        }
        return UnsafePointer(bits)
    }()

    @inline(__always) private static func mayStartRule(_ first: UInt8, _ second: UInt8, _ starts: UnsafePointer<UInt64>) -> Bool {
        let pair = Int(first) << 8 | Int(second)
        return (starts[pair >> 6] >> UInt64(pair & 63)) & 1 != 0
    }

    /// Whether `visit` can find anything at a point whose first two bytes are `b`, `next`
    /// (`next` 0 at the end of the text): what the walk's `DetectorGate` is built from.
    static func mayStart(_ b: UInt8, _ next: UInt8) -> Bool { mayStartRule(b, next, startsRule) }

    /// The token starting at point `i`, if any; returns its end.
    @inline(__always)
    static func visit(_ s: UnsafeBufferPointer<UInt8>, _ i: Int, into out: inout [Candidate]) -> Int? {
        visit(s, i, starts: startsRule, into: &out)
    }

    /// `visit` with `startsRule` already loaded (a walk loads it once, not per point).
    @inline(__always)
    static func visit(_ s: UnsafeBufferPointer<UInt8>, _ i: Int, starts: UnsafePointer<UInt64>, into out: inout [Candidate]) -> Int? {
        // Every prefix starts with a letter or digit, so only run starts qualify. A token
        // starts at a boundary: "xAKIA…" is not an AWS key id, and "box.ico-…" in a file
        // name is not an Infracost key.
        guard i + 1 < s.count, mayStartRule(s[i], s[i + 1], starts),
            i == 0 || !(Bytes.isWord(s[i - 1]) || s[i - 1] == 0x2E)
        else { return nil }
        for rule in byFirstByte[Int(s[i])] where Bytes.matches(s, i, rule.prefix) {
            let bodyStart = i + rule.prefix.count
            var bodyEnd = Bytes.run(s, from: bodyStart, limit: rule.maxBody + 1, rule.alphabet.accepts)
            // A longer run of the same alphabet means this is part of something else.
            if bodyEnd - bodyStart > rule.maxBody || (bodyEnd < s.count && rule.alphabet.accepts(s[bodyEnd])) { continue }
            // A sentence's full stop after a token is not part of it.
            if rule.alphabet == .dotWord { while bodyEnd > bodyStart && s[bodyEnd - 1] == 0x2E { bodyEnd -= 1 } }
            guard bodyEnd - bodyStart >= rule.minBody else { continue }
            if Placeholder.isPlaceholder(s, bodyStart, bodyEnd) || Placeholder.isMaskedSample(s, bodyEnd) { continue }
            if rule.alphabet == .hexLower || rule.alphabet == .hex {
                // Hex bodies must look random: not a single repeated byte pattern.
                if Bytes.entropy(s, bodyStart, bodyEnd) < 2.5 { continue }
            }
            out.append(Candidate(type: rule.type, start: i, end: bodyEnd, detector: rule.name))
            return bodyEnd
        }
        return nil
    }
}

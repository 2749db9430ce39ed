/// A long random value under a key that is only a service's name (`meraki: …`,
/// `"sourcegraph": "…"`, `SENDGRID=…`): config files and secret stores list API keys by the
/// service that issued them, with no "key" or "token" in the name. The names are the services
/// that issue API keys (the providers gitleaks' rules cover, and the AI, payment and CI
/// services teams connect assistants to); a name alone proves nothing, so the value must look
/// machine-made: 32–256 token characters mixing letters and digits, many distinct, and not a
/// one-case hex string (a commit or a digest).
enum VendorKeyDetector {
    static let vendors = WordSet([
        "adafruit", "adobe", "adyen", "airtable", "algolia", "alibaba", "amplitude", "anthropic", "asana", "atlassian", "auth0",
        "authress", "azure", "beamer", "bitbucket", "bitly", "bittrex", "braintree", "buildkite", "bugsnag", "circleci", "clearbit",
        "clickup", "clojars", "cloudant", "cloudflare", "codacy", "codecov", "cohere", "coinbase", "confluent", "contentful",
        "coveralls", "databricks", "datadog", "deepgram", "deepl", "digitalocean", "discord", "docusign", "doppler", "dropbox",
        "droneci", "duffel", "dynatrace", "easypost", "elevenlabs", "etsy", "facebook", "fastly", "figma", "finicity", "finnhub",
        "firebase", "flickr", "flutterwave", "frameio", "freshbooks", "freshdesk", "gemini", "github", "gitlab", "gitter",
        "gocardless", "grafana", "groq", "harness", "heroku", "honeycomb", "hubspot", "huggingface", "intercom", "jfrog", "jira",
        "klarna", "kraken", "kucoin", "launchdarkly", "linear", "linkedin", "lob", "logdna", "loggly", "mailchimp", "mailgun",
        "mailjet", "mandrill", "mapbox", "mattermost", "meraki", "messagebird", "miro", "mistral", "mixpanel", "mollie", "monday",
        "netlify", "newrelic", "ngrok", "notion", "npm", "nytimes", "okta", "onesignal", "openai", "opsgenie", "pagerduty", "paypal",
        "paystack", "perplexity", "pinecone", "planetscale", "plaid", "postmark", "postman", "prefect", "pulumi", "pusher", "pypi",
        "rapidapi", "razorpay", "readme", "replicate", "rollbar", "rubygems", "salesforce", "scalingo", "segment", "sendbird",
        "sendgrid", "sendinblue", "sentry", "servicenow", "shippo", "shopify", "sidekiq", "slack", "snyk", "sonarcloud", "sonarqube",
        "sourcegraph", "square", "squarespace", "stripe", "sumologic", "supabase", "telegram", "terraform", "travis", "travisci",
        "trello", "twilio", "twitch", "twitter", "typeform", "vercel", "vonage", "webex", "weaviate", "wise", "yandex", "zapier",
        "zendesk", "zoom"
    ])

    /// The value assigned at separator `sep` (`:` or `=`, already known to follow no credential
    /// name) when the key is a vendor's name alone; where scanning resumes, or nil.
    static func visit(_ s: UnsafeBufferPointer<UInt8>, _ sep: Int, into out: inout [Candidate]) -> Int? {
        // Every ':' and '=' whose key names no secret comes here: the key first (one hash of a
        // short run of letters), then the value.
        guard isVendorKey(s, before: sep) else { return nil }
        var k = sep + 1
        if k < s.count, s[k] == 0x3D || s[k] == 0x3E { k += 1 } // := =>
        k = Bytes.skipBlanks(s, from: k)
        var quote: UInt8 = 0
        if k < s.count, s[k] == 0x22 || s[k] == 0x27 { quote = s[k]; k += 1 }
        let start = k
        // What issued keys are written with: base64 and base64url characters.
        while k < s.count && k - start <= 256 && (Bytes.isBase64(s[k]) || Bytes.isBase64URL(s[k])) { k += 1 }
        let end = k
        guard (32...256).contains(end - start) else { return nil }
        if quote != 0 {
            guard end < s.count, s[end] == quote else { return nil }
        } else if end < s.count, !(Bytes.isSpace(s[end]) || s[end] == 0x2C || s[end] == 0x3B || s[end] == 0x7D || s[end] == 0x5D) {
            return nil // inside a longer word or a path
        }
        guard looksIssued(s, start, end), !Placeholder.isPlaceholder(s, start, end) else { return nil }
        out.append(Candidate(type: .apiKey, start: start, end: end, detector: "vendor_key"))
        return end
    }

    /// Whether the key before `sep` is one vendor name, letters only (optionally quoted, any case).
    private static func isVendorKey(_ s: UnsafeBufferPointer<UInt8>, before sep: Int) -> Bool {
        var k = Bytes.skipBlanksBackward(s, from: sep - 1)
        if k >= 0 && (s[k] == 0x22 || s[k] == 0x27) { k -= 1 }
        let end = k + 1
        while k >= 0 && Bytes.isAlpha(s[k]) && end - k <= 16 { k -= 1 }
        let start = k + 1
        guard end - start >= 3 else { return false }
        // The whole key: not the last word of `github.sha` or `stripe_customer`.
        if k >= 0, Bytes.isWord(s[k]) || s[k] == 0x2E || s[k] == 0x2D { return false }
        return vendors.contains(s, start, end)
    }

    /// Machine-made: letters and digits both, at least 12 distinct bytes, and not hex of one
    /// case (digests and commit ids are written that way; issued keys mix).
    private static func looksIssued(_ s: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        var digits = 0, lower = 0, upper = 0, nonHexLetters = 0
        for k in start..<end {
            let b = s[k]
            if Bytes.isDigit(b) { digits += 1 } else if b >= 0x61 && b <= 0x7A { lower += 1 } else if b >= 0x41 && b <= 0x5A { upper += 1 }
            if Bytes.isAlpha(b) && !Bytes.isHex(b) { nonHexLetters += 1 }
        }
        guard digits > 0, lower + upper > 0, AssignmentDetector.distinct(s, start, end) >= 12 else { return false }
        let oneCaseHex = nonHexLetters == 0 && (lower == 0 || upper == 0)
        return !oneCaseHex
    }
}

import RAGVault
/// RAGVault's own secret-dense text for `bench redaction --dense builtin`: the shapes of
/// configs, logs, shell history, SQL, code and chat that technical knowledge bases are full
/// of, every few lines a credential or a personal value, all fabricated from a seed. It makes
/// the dense benchmark runnable without any outside corpus; the labelled dev corpus, where
/// present, measures the same engine on text nobody wrote for it.
enum DenseRedactionCorpus {
    /// About `bytes` of text, deterministic for a seed.
    static func text(bytes: Int, seed: UInt64 = 23) -> String {
        var random = SplitMix64(seed: seed)
        var out = ""
        out.reserveCapacity(bytes + 1024)
        while out.utf8.count < bytes {
            let templates = Self.templates
            out += templates[Int(random.next() % UInt64(templates.count))](&random)
            out += "\n"
        }
        return out
    }

    private static func token(_ random: inout SplitMix64, _ count: Int, _ alphabet: String = alnum) -> String {
        let letters = Array(alphabet)
        return String((0..<count).map { _ in letters[Int(random.next() % UInt64(letters.count))] })
    }

    private static let alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    private static let hex = "0123456789abcdef"
    private static let people = ["jane.doe", "lee.chan", "ana.silva", "omar.haddad", "kim.berg"]
    private static let cards = ["4111 1111 1111 1111", "5500 0000 0000 0004", "3400 000000 00009", "6011 0000 0000 0004"]
    private static let phones = ["+1 415 555 0134", "+44 20 7946 0958", "(212) 555-0187", "+49 30 901820"]

    private static func pick(_ list: [String], _ random: inout SplitMix64) -> String {
        list[Int(random.next() % UInt64(list.count))]
    }

    private static func ip(_ random: inout SplitMix64) -> String {
        "10.\(random.next() % 250).\(random.next() % 250).\(1 + random.next() % 250)"
    }

    private static func uuid(_ random: inout SplitMix64) -> String {
        [8, 4, 4, 4, 12].map { token(&random, $0, hex) }.joined(separator: "-")
    }

    /// One block per call: a config file, a log excerpt, a shell session, SQL, code or chat.
    private static let templates: [@Sendable (inout SplitMix64) -> String] = [
        { r in
            """
            # service.env
            APP_ENV=production
            DB_HOST=db.internal.example.com
            DB_PASSWORD=\(token(&r, 14))
            AWS_ACCESS_KEY_ID=AKIA\(token(&r, 16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"))
            AWS_SECRET_ACCESS_KEY=\(token(&r, 40))
            STRIPE_KEY=sk_live_\(token(&r, 24))
            LOG_LEVEL=info
            """
        },
        { r in
            """
            database:
              host: 10.0.3.12
              port: 5432
              user: billing
              password: "\(token(&r, 12))!\(token(&r, 3))"
            smtp:
              api_key: \(token(&r, 32))
              from: \(pick(people, &r))@example.org
            """
        },
        { r in
            (0..<6).map { n in
                "2026-11-30T12:0\(n):\(10 + r.next() % 49)Z INFO request_id=\(uuid(&r)) user=\(pick(people, &r))@example.org "
                    + "ip=\(ip(&r)) path=/v1/orders/\(r.next() % 100_000) status=200 latency=\(r.next() % 90)ms"
            }.joined(separator: "\n")
        },
        { r in
            """
            $ export GITHUB_TOKEN=ghp_\(token(&r, 36))
            $ curl -u admin:\(token(&r, 12)) https://api.example.com/v2/health
            $ mysql -h 10.1.2.3 -u root -p\(token(&r, 10)) orders < dump.sql
            $ PGPASSWORD=\(token(&r, 12)) psql -h db -U app -c 'select 1'
            $ sshpass -p '\(token(&r, 10))' ssh deploy@\(ip(&r))
            """
        },
        { r in
            """
            CREATE USER reporting WITH PASSWORD '\(token(&r, 14))';
            ALTER USER 'etl'@'%' IDENTIFIED BY '\(token(&r, 12))';
            INSERT INTO customers (name, email, phone, card) VALUES
              ('Ann Lee', '\(pick(people, &r))@example.net', '\(pick(phones, &r))', '\(pick(cards, &r))');
            -- migrated 2026-10-02, ticket OPS-\(r.next() % 9000)
            """
        },
        { r in
            """
            headers = {"Authorization": "Bearer \(token(&r, 40))", "X-Api-Key": "\(token(&r, 32))"}
            client = Client(base_url="https://api.example.com", timeout=30, retries=3)
            jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIx\(token(&r, 20)).\(token(&r, 43, alnum + "-_"))"
            conn = "postgresql://app:\(token(&r, 12))@db.internal:5432/orders"
            """
        },
        { r in
            """
            [10:42] dana: prod is down again, can someone check the LB at \(ip(&r))?
            [10:43] lee: the password is \(token(&r, 11)) — rotate it after
            [10:44] dana: thanks. customer called from \(pick(phones, &r)), SSN on file 536-22-\(1000 + r.next() % 8999)
            [10:45] lee: IBAN for the refund: GB82 WEST 1234 5698 7654 32, mail \(pick(people, &r))@example.com
            """
        },
        { r in
            """
            <appSettings>
              <add key="DbPassword" value="\(token(&r, 12))" />
              <add key="Region" value="eu-west-1" />
              <add key="ServiceUrl" value="https://svc.example.com/api" />
            </appSettings>
            """
        },
        { r in
            """
            Release notes 4.2: the importer now streams files instead of reading them whole, so memory
            stays flat for large uploads. Retries back off exponentially (base 200 ms, cap 30 s). The
            admin UI lists keys by id only; see runbook section 7 for rotation. Build \(token(&r, 7, hex)).
            """
        }
    ]
}

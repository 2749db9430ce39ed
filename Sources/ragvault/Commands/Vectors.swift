import ArgumentParser
import Foundation
import RAGVault

struct Vectors: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show or set a tenant's vector configuration (hybrid and vector search).", subcommands: [Show.self, Set.self, Embed.self])

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the tenant's vector configuration and how many chunks hold a vector (and how many are stale) as JSON.")
        @OptionGroup var options: DataOptions
        @Option var tenant: String
        func run() throws {
            let vault = try options.openVault()
            try CLI.printJSON(try CLI.run { try vault.vectorStatus(for: tenant) })
        }
    }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set the model and dimension of the tenant's vectors.",
            discussion: """
                Documents then carry one vector each ("embedding" in a batch line or PUT body), in \
                these dimensions; searches send theirs in "vector". A new model or dimension makes \
                the stored vectors stale: vector and hybrid searches fail vectors_stale until their \
                documents are indexed again with new vectors. Text searches are not affected. \
                With an embedder, documents and searches without vectors are embedded for you; an \
                endpoint receives each chunk's index form (secrets and PII masked) and the query's.
                """)
        @OptionGroup var options: DataOptions
        @Option var tenant: String
        @Option(help: "The name of the model the vectors come from (compared, never interpreted).") var model: String
        @Option(help: "Dimensions of each vector (1-4096).") var dims: Int
        @Option(help: "What a search that sends a vector and no match does: text, vector or hybrid.")
        var searchMode: String = SearchMode.hybrid.rawValue
        @Option(help: "How hybrid searches fuse the legs, as JSON, e.g. {\"method\": \"convex\", \"alpha\": 0.3}.")
        var fusion: String?
        @Option(
            help:
                "Who embeds chunks at ingest and queries sent without a vector: embedded (the in-process all-MiniLM-L6-v2, 384 dims) or endpoint (an OpenAI-compatible service, --endpoint-url)."
        )
        var embedder: String?
        @Option(help: "The embedding service's base URL (POST {url}/embeddings): https, or http to loopback.") var endpointURL: String?
        @Option(help: "The model name sent to the service (default: --model).") var endpointModel: String?
        @Option(
            help:
                "A file holding the service's bearer key (kept in the tenant's encrypted store, never shown or logged; an empty file removes it). Without it the stored key is kept."
        )
        var endpointKeyFile: String?
        @Flag(help: "Let the endpoint's host be a private or link-local address (loopback is always allowed).") var allowPrivateEndpoint = false
        @Option(help: "Milliseconds allowed for each call to the service (100-120000).") var endpointTimeoutMs = EmbeddingEndpoint.defaultTimeoutMs

        func run() throws {
            guard let mode = SearchMode(rawValue: searchMode) else { throw ValidationError("--search-mode must be text, vector or hybrid") }
            var config = VectorConfig(model: model, dims: dims, searchMode: mode)
            if let embedder {
                guard let known = VectorConfig.Embedder(rawValue: embedder) else { throw ValidationError("--embedder must be embedded or endpoint") }
                config.embedder = known
            }
            guard (config.embedder == .endpoint) == (endpointURL != nil) else {
                throw ValidationError("--endpoint-url goes with --embedder endpoint, and --embedder endpoint needs it")
            }
            if let endpointURL {
                config.endpoint = EmbeddingEndpoint(
                    url: endpointURL, model: endpointModel, allowPrivate: allowPrivateEndpoint, timeoutMs: endpointTimeoutMs)
            }
            var keyChange = EndpointKeyChange.keep
            if let endpointKeyFile {
                guard let data = FileManager.default.contents(atPath: endpointKeyFile), data.count <= 8192 else {
                    throw ValidationError("cannot read the key file '\(endpointKeyFile)' (or it is larger than 8 KiB)")
                }
                let key = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                keyChange = key.isEmpty ? .remove : .set(key)
            }
            if let fusion {
                config.fusion = try CLI.run {
                    do {
                        return try JSONDecoder().decode(Fusion.self, from: Data(fusion.utf8))
                    } catch let error as RAGVaultError {
                        throw error
                    } catch {
                        throw RAGVaultError(
                            .invalidInput, "--fusion must be {\"method\": \"rrf\", \"k\": 60, \"weights\": {…}} or {\"method\": \"convex\", \"alpha\": 0.3}")
                    }
                }
            }
            let vault = try options.openVault()
            try CLI.printJSON(try CLI.run { try vault.setVectorConfig(config, for: tenant, endpointKey: keyChange) })
        }
    }

    struct Embed: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Embed every chunk that has no vector of the tenant's current model with its embedder.",
            discussion: """
                For a tenant with an embedder (embedded or endpoint): after it opted in with \
                documents already indexed, or after its model changed and its vectors went stale. \
                Each chunk is embedded from its index form, as ingest does; a document at a time, \
                each written whole. If the embedder fails the run stops and keeps what it wrote: \
                run it again to go on. Prints the counts as JSON.
                """)
        @OptionGroup var options: DataOptions
        @Option var tenant: String
        @Flag(help: "No progress lines on stderr.") var quiet = false

        func run() throws {
            let vault = try options.openVault()
            let done = try CLI.run {
                try vault.embedMissingVectors(tenant: tenant) { run in
                    if !quiet, (run.documents + run.skipped) % 100 == 0 {
                        FileHandle.standardError.write(Data("\(run.documents) documents, \(run.chunks) chunks embedded\n".utf8))
                    }
                }
            }
            try CLI.printJSON(done)
        }
    }
}

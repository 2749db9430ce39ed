import Foundation
import RAGVaultTestSupport
import Testing

@testable import RAGVault

/// Searches rank on read connections of their own: overlapping searches of one tenant each get
/// one, a write in progress does not hold a search up, and closing the store closes them all.
@Suite struct ReaderConnectionsTests {
    @Test func eachUserGetsItsOwnAndTheLimitHolds() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("r.db")
        try StoreOpener.openPlain(path: path, label: "r").close()
        let opened = Counter()
        let readers = ReaderConnections(limit: 2) {
            opened.add()
            return try StoreOpener.openPlain(path: path, label: "r")
        }
        let inside = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0)
        let held = Held()
        let threads = (0..<2).map { _ in
            Thread {
                try? readers.with(closedError: RAGVaultError(.storeIO, "closed")) { db in
                    held.add(ObjectIdentifier(db))
                    inside.signal()
                    _ = release.wait(timeout: .now() + 30)
                }
            }
        }
        threads.forEach { $0.start() }
        for _ in 0..<2 { #expect(inside.wait(timeout: .now() + 30) == .success) }
        #expect(Set(held.all).count == 2, "two users at once, two connections")
        // A third waits for one of them rather than opening a third connection.
        let third = Flag()
        Thread { _ = try? readers.with(closedError: RAGVaultError(.storeIO, "closed")) { _ in third.set() } }.start()
        Thread.sleep(forTimeInterval: 0.2)
        #expect(!third.isSet)
        release.signal()
        for _ in 0..<100 where !third.isSet { Thread.sleep(forTimeInterval: 0.05) }
        #expect(third.isSet)
        release.signal()
        #expect(opened.value == 2)
        readers.close()
        #expect(throws: RAGVaultError.self) { try readers.with(closedError: RAGVaultError(.storeIO, "closed")) { _ in () } }
    }

    @Test func aSearchDoesNotWaitForAWriteInProgress() throws {
        let (dir, vault, retriever, store) = try RetrieverTests.setUp()
        defer { withExtendedLifetime(dir) {} }
        defer { vault.close() }
        try store.putDocument(RetrieverTests.doc("d", ["walrus migration plan"]))
        let ann = try Principal.impersonating(tenant: "acme", subject: "ann", roles: ["eng"])
        _ = try retriever.search(SearchRequest(query: "walrus"), as: ann)
        let writing = DispatchSemaphore(value: 0), finish = DispatchSemaphore(value: 0)
        let writer = Thread {
            try? store.batch {
                try store.putDocument(RetrieverTests.doc("e", ["walrus census, not yet committed"]))
                writing.signal()
                _ = finish.wait(timeout: .now() + 30)
            }
        }
        writer.start()
        #expect(writing.wait(timeout: .now() + 30) == .success)
        // The writer holds the store's connection in an open transaction: the search answers
        // anyway, from what was committed.
        let started = Date()
        let ids = try retriever.search(SearchRequest(query: "walrus"), as: ann).results.map(\.documentID)
        let waited = Date().timeIntervalSince(started)
        finish.signal()
        #expect(ids == ["d"])
        #expect(waited < 10, "the search waited \(waited) s for the writer")
        for _ in 0..<200 where (try? retriever.search(SearchRequest(query: "census"), as: ann).results.isEmpty) ?? true {
            Thread.sleep(forTimeInterval: 0.05)
        }
        #expect(try retriever.search(SearchRequest(query: "census"), as: ann).results.map(\.documentID) == ["e"])
    }
}

private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var n = 0
    func add() { lock.withLock { n += 1 } }
    var value: Int { lock.withLock { n } }
}

private final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var flag = false
    func set() { lock.withLock { flag = true } }
    var isSet: Bool { lock.withLock { flag } }
}

private final class Held: @unchecked Sendable {
    private let lock = NSLock()
    private var ids: [ObjectIdentifier] = []
    func add(_ id: ObjectIdentifier) { lock.withLock { ids.append(id) } }
    var all: [ObjectIdentifier] { lock.withLock { ids } }
}

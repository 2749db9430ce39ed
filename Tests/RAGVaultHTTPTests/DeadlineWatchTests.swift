import Foundation
import Testing

@testable import RAGVaultHTTP

/// Every read's deadline hangs off one timer (`DeadlineWatch`): a deadline fires once, a
/// cancelled one never, and the timer that stopped when nothing was in flight starts again
/// for the next read.
@Suite struct DeadlineWatchTests {
    final class Fired: @unchecked Sendable {
        private let lock = NSLock()
        private var names: [String] = []
        func add(_ name: String) { lock.withLock { names.append(name) } }
        var all: [String] { lock.withLock { names.sorted() } }
    }

    static func waitUntil(seconds: Double, _ done: () -> Bool) -> Bool {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            if done() { return true }
            Thread.sleep(forTimeInterval: 0.005)
        }
        return done()
    }

    @Test func dueDeadlinesFireOnceAndCancelledOnesNever() {
        let watch = DeadlineWatch()
        let fired = Fired()
        _ = watch.add(after: 0.05) { fired.add("a") }
        let cancelled = watch.add(after: 0.05) { fired.add("cancelled") }
        _ = watch.add(after: 0.08) { fired.add("b") }
        watch.cancel(cancelled)
        #expect(Self.waitUntil(seconds: 5) { fired.all == ["a", "b"] }, "\(fired.all)")
        // Ticks after the last deadline fire nothing again.
        Thread.sleep(forTimeInterval: DeadlineWatch.tick * 5)
        #expect(fired.all == ["a", "b"])
    }

    @Test func theTimerStartsAgainAfterAnIdleSpell() {
        let watch = DeadlineWatch()
        let fired = Fired()
        _ = watch.add(after: 0.02) { fired.add("first") }
        #expect(Self.waitUntil(seconds: 5) { fired.all == ["first"] })
        // Nothing in flight for several ticks: the timer stops; a new read must start it again.
        Thread.sleep(forTimeInterval: DeadlineWatch.tick * 5)
        _ = watch.add(after: 0.02) { fired.add("second") }
        #expect(Self.waitUntil(seconds: 5) { fired.all == ["first", "second"] }, "\(fired.all)")
    }
}

import Foundation

/// One timer for every read's deadline. A Dispatch timer per request (`asyncAfter`) cost a
/// block, a timer-list insertion and a wake-up of the timer queue on every search, and fired
/// once per request long after its answer, for nothing; here a request's deadline is an entry
/// in a table, removed when its work ends, and one repeating timer fails the ones past due.
/// A deadline is met within one tick (`tick`, 20 ms); with nothing in flight the timer stops.
final class DeadlineWatch: @unchecked Sendable {
    static let tick = 0.02
    private let lock = NSLock()
    private var pending: [UInt64: (deadline: UInt64, fire: @Sendable () -> Void)] = [:]
    private var next: UInt64 = 0
    private var timer: DispatchSourceTimer?
    /// On a queue of its own: a serial queue gets a thread even when every thread of the
    /// global pool is busy (a shared queue delayed deadlines past the work under load).
    private let queue = DispatchQueue(label: "ragvault.request-timeouts", qos: .userInitiated)

    /// Calls `fire` once `seconds` have passed, unless `cancel` is called with the returned
    /// ticket first.
    func add(after seconds: Double, _ fire: @escaping @Sendable () -> Void) -> UInt64 {
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(max(0, seconds) * 1e9)
        return lock.withLock {
            next += 1
            pending[next] = (deadline, fire)
            if timer == nil { startTimer() }
            return next
        }
    }

    func cancel(_ ticket: UInt64) {
        lock.withLock { _ = pending.removeValue(forKey: ticket) }
    }

    private func startTimer() {
        let timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now() + Self.tick, repeating: Self.tick, leeway: .milliseconds(5))
        timer.setEventHandler { [weak self] in self?.fireDue() }
        timer.resume()
        self.timer = timer
    }

    private func fireDue() {
        let now = DispatchTime.now().uptimeNanoseconds
        let due: [@Sendable () -> Void] = lock.withLock {
            let expired = pending.filter { $0.value.deadline <= now }
            for key in expired.keys { pending.removeValue(forKey: key) }
            // Idle: no timer ticks until the next read.
            if pending.isEmpty {
                timer?.cancel()
                timer = nil
            }
            return expired.map(\.value.fire)
        }
        for fire in due { fire() }
    }

    deinit { timer?.cancel() }
}

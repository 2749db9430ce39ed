import Foundation

/// Waits for `condition` to hold — an event another thread or process causes — checking every
/// few milliseconds, and gives up after `timeout` seconds (a generous bound for slow, loaded
/// machines, not a guess at how long the event takes). Returns whether it held.
@discardableResult
public func waitUntil(timeout: TimeInterval = 60, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date(timeIntervalSinceNow: timeout)
    while true {
        if try condition() { return true }
        if Date() >= deadline { return false }
        usleep(2_000)
    }
}

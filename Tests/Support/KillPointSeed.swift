import Foundation

/// The seed of a crash loop's random kill points — the one place tests sleep on purpose: where
/// a writer is killed must vary from run to run. `RAGVAULT_TEST_SEED` replays a run; otherwise
/// the clock picks, and the seed is printed so that a failure can be replayed exactly.
public func killPointSeed(_ suite: String) -> UInt64 {
    let seed =
        ProcessInfo.processInfo.environment["RAGVAULT_TEST_SEED"].flatMap { UInt64($0) }
        ?? UInt64(Date().timeIntervalSince1970 * 1000)
    print("\(suite): kill-point seed \(seed) (replay with RAGVAULT_TEST_SEED=\(seed))")
    return seed
}

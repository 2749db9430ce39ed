import Foundation

/// The test side of `TestPause`: parks a child `ragvault` process (a debug build) at a named
/// point, lets the test act while it is parked there, then lets it go on.
///
///     let pause = PausePoint("index.batch-committed", in: dir.path)
///     process.environment = pause.environment          // then run it
///     #expect(pause.waitUntilParked(process))         // the child is at the point now
///     …                                                // the race, made certain
///     pause.resume()
public struct PausePoint {
    public let name: String
    public let directory: String

    public init(_ name: String, in directory: String) {
        self.name = name
        self.directory = directory
    }

    /// To add to the child's environment.
    public var environment: [String: String] { Self.environment(self) }

    /// The environment that parks a child at each of `points` (all in one directory).
    public static func environment(_ points: PausePoint...) -> [String: String] {
        ["RAGVAULT_TEST_PAUSE": points.map(\.name).joined(separator: ",") + ":" + (points.first?.directory ?? "")]
    }

    /// Whether the child has reached the point (false if it exited first or took over `timeout`).
    public func waitUntilParked(_ process: Process, timeout: TimeInterval = 120) -> Bool {
        waitUntil(timeout: timeout) { parked || !process.isRunning } && parked
    }

    public var parked: Bool { FileManager.default.fileExists(atPath: directory + "/" + name + ".paused") }

    public func resume() {
        FileManager.default.createFile(atPath: directory + "/" + name + ".resume", contents: Data())
    }
}

import ArgumentParser
import Foundation
import RAGVault

struct Doctor: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Verify permissions, the master key, the catalog and every page of every tenant store.",
        discussion: "Exits 1 when any check fails.")
    @OptionGroup var options: DataOptions
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let report = RAGVault.Doctor.run(at: options.directory)
        if json {
            try CLI.printJSON(report)
        } else {
            for check in report.checks {
                print("[\(check.status.rawValue)] \(check.subject): \(check.detail)")
            }
            print(report.healthy ? "healthy" : "PROBLEMS FOUND")
        }
        if !report.healthy { throw ExitCode(1) }
    }
}

import Dispatch
import Foundation

/// Runs a peer program to its end and collects what it printed.
enum PeerProcess {
    struct Output {
        var status: Int32
        var stdout: Data
        /// The last line of standard error: where the peers put their timing or their complaint.
        var lastErrorLine: String
    }

    static func run(_ arguments: [String]) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Both pipes drain at once, so a chatty peer cannot fill one and stall.
        nonisolated(unsafe) var err = Data()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { err = errors.fileHandleForReading.readDataToEndOfFile() }
        let out = output.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        let last = String(decoding: err, as: UTF8.self).split(separator: "\n").last.map(String.init) ?? ""
        return Output(status: process.terminationStatus, stdout: out, lastErrorLine: last)
    }
}

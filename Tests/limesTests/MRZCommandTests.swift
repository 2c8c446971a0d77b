import Foundation
import Testing

/// Runs the built `limes` binary as a user would.
struct LimesProcess {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static var executable: URL {
        // The test bundle sits in the same build folder as the products it depends on.
        let bundle =
            Bundle.allBundles.first { $0.bundlePath.hasSuffix(".xctest") }?.bundleURL
            ?? URL(fileURLWithPath: CommandLine.arguments[0])
        return bundle.deletingLastPathComponent().appendingPathComponent("limes")
    }

    static func run(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        let output = Pipe(), errors = Pipe(), input = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self))
    }
}

let td3 = ["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"]

@Suite("limes mrz")
struct MRZCommandTests {
    func json(_ text: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func validMRZFromArgumentsPrintsJSONAndExitsZero() throws {
        let result = try LimesProcess.run(["mrz", "--today", "2026-11-22"] + td3)
        #expect(result.status == 0, "\(result.stderr)")
        let object = try json(result.stdout)
        #expect(object["valid"] as? Bool == true)
        let document = try #require(object["document"] as? [String: Any])
        #expect(document["surname"] as? String == "ERIKSSON")
        #expect(document["given_names"] as? String == "ANNA MARIA")
        #expect(document["document_number"] as? String == "L898902C3")
        #expect((document["date_of_birth"] as? [String: Any])?["iso"] as? String == "1974-08-12")
        #expect((document["issuing_state"] as? [String: Any])?["name"] as? String == "Utopia (ICAO specimen)")
        let checks = try #require(object["checks"] as? [[String: Any]])
        #expect(checks.compactMap { $0["code"] as? String } == ["expired", "specimen"])
    }

    @Test func standardInputWithWindowsLineEnds() throws {
        let result = try LimesProcess.run(["mrz", "--format", "text", "--today", "2026-11-22"], stdin: td3.joined(separator: "\r\n") + "\r\n")
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("TD3 passport (2 lines of 44): valid"))
        #expect(result.stdout.contains("Given names     ANNA MARIA"))
        #expect(result.stdout.contains("failure: document expired on 2012-04-15"))
    }

    @Test func problemsExitOne() throws {
        let wrong = [td3[0], String(td3[1].dropLast()) + "4"]
        let result = try LimesProcess.run(["mrz", "--today", "2026-11-22"] + wrong)
        #expect(result.status == 1)
        let object = try json(result.stdout)
        #expect(object["valid"] as? Bool == false)
        let problems = try #require((object["document"] as? [String: Any])?["problems"] as? [[String: Any]])
        #expect(problems.first?["message"] as? String == "composite check digit is 4, expected 0")
        #expect(problems.first?["field"] as? String == "composite")
    }

    @Test func unreadableExitsTwoWithAJSONError() throws {
        let result = try LimesProcess.run(["mrz", td3[0]])
        #expect(result.status == 2)
        let error = try #require(try json(result.stdout)["error"] as? [String: Any])
        #expect(error["code"] as? String == "wrong_line_count")
        #expect((error["message"] as? String)?.hasPrefix("received 1 line of 44 characters") == true)
    }

    @Test func unreadableAsTextGoesToStandardError() throws {
        let result = try LimesProcess.run(["mrz", "--format", "text"], stdin: "")
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("cannot read MRZ: no MRZ text received"))
    }

    @Test func badOptionNamesTheOption() throws {
        let result = try LimesProcess.run(["mrz", "--today", "22/11/2026"] + td3)
        #expect(result.status == 64)
        #expect(result.stderr.contains("--today '22/11/2026' is not a date in the form YYYY-MM-DD"))
    }
}

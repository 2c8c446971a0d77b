import Foundation
import Testing

@Suite("limes demo, user, policy, audit")
struct AdminCommandTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("limes-admin-\(UUID().uuidString)").path
    var environment: [String: String] { ["LIMES_DATA_DIR": folder, "LIMES_DATABASE_URL": ""] }

    @Test func theDemoCreatesAWholeCountryWithAnIntactAuditTrail() throws {
        let demo = try LimesProcess.run(["demo", "--seed-only", "--data-dir", folder, "--password-rounds", "1000"])
        #expect(demo.status == 0, "\(demo.stderr)")
        #expect(demo.stdout.contains("Demo ready: 3 BCPs, 10 users"))
        #expect(demo.stdout.contains("limes-demo-2026"))
        let users = try LimesProcess.run(["user", "list"], environment: environment)
        let roles = users.stdout.split(separator: "\n").map { $0.split(separator: "\t")[2] }
        #expect(
            Set(roles.map(String.init)) == [
                "first_line_officer", "second_line_officer", "supervisor", "protection_officer", "analyst", "administrator", "partner",
                "auditor",
            ]
        )
        let verify = try LimesProcess.run(["audit", "verify"], environment: environment)
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        #expect(verify.stdout.hasPrefix("audit chain intact: "))
        let policy = try LimesProcess.run(["policy", "show"], environment: environment)
        #expect(policy.stdout.contains("\"country\" : \"UTO\""))

        // Someone edits an event in the file behind Limes's back: verify says which, and fails.
        let database = (folder as NSString).appendingPathComponent("limes.sqlite")
        let edit = Process()
        edit.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        edit.arguments = [
            "python3", "-c",
            "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute(\"UPDATE audit_events SET purpose='x' WHERE seq=42\"); c.commit()",
            database,
        ]
        try edit.run()
        edit.waitUntilExit()
        #expect(edit.terminationStatus == 0)
        let broken = try LimesProcess.run(["audit", "verify"], environment: environment)
        #expect(broken.status == 1)
        #expect(broken.stdout.contains("event 42"), "\(broken.stdout)")
    }

    /// What an outside party keeps (the public key, checkpoint lines) shows a database
    /// administrator's rewrite that the database alone cannot.
    @Test func checkpointsKeptOutsideShowACutChainAndAChangedCrossingIsNamed() throws {
        _ = try LimesProcess.run(["demo", "--seed-only", "--data-dir", folder, "--password-rounds", "1000"])
        let database = (folder as NSString).appendingPathComponent("limes.sqlite")
        let key = (folder as NSString).appendingPathComponent("audit-signing.key")
        for file in [database, key] {
            let mode = (try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int) ?? -1
            #expect(mode == 0o600, "\(file) is \(String(mode, radix: 8))")
        }
        #expect((try FileManager.default.attributesOfItem(atPath: folder)[.posixPermissions] as? Int) == 0o700)

        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("limes-dpa-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        let publicKey = (outside as NSString).appendingPathComponent("limes.pub")
        let kept = (outside as NSString).appendingPathComponent("checkpoints.jsonl")
        let printed = try LimesProcess.run(["audit", "public-key"], environment: environment)
        #expect(printed.status == 0 && printed.stdout.hasPrefix("ed25519:"), "\(printed.stderr)")
        try printed.stdout.write(toFile: publicKey, atomically: true, encoding: .utf8)
        #expect(try LimesProcess.run(["audit", "checkpoint", "--append", kept], environment: environment).status == 0)
        // The administrator keeps a copy of the head as it is now (a backup, say).
        try python(
            "import sqlite3,sys,json; c=sqlite3.connect(sys.argv[1]); print(json.dumps(c.execute(\"SELECT seq, hash, signature FROM audit_heads WHERE chain = 'local'\").fetchone()))",
            database,
            output: (outside as NSString).appendingPathComponent("head.json")
        )
        #expect(try LimesProcess.run(["retention", "run"], environment: environment).status == 0)
        #expect(try LimesProcess.run(["audit", "checkpoint", "--append", kept], environment: environment).status == 0)
        let fine = try LimesProcess.run(["audit", "verify", "--public-key", publicKey, "--checkpoints", kept], environment: environment)
        #expect(fine.status == 0 && fine.stdout.contains("4 checkpoints hold"), "\(fine.stdout)\(fine.stderr)")

        // Cut the newest events, put the old signed head back, remove the stored checkpoints,
        // and change a crossing's decision.
        try python(
            """
            import sqlite3,sys,json
            seq, hash, signature = json.load(open(sys.argv[2]))
            c = sqlite3.connect(sys.argv[1])
            c.execute('DELETE FROM audit_events WHERE seq > ?', (seq,))
            c.execute("UPDATE audit_heads SET seq = ?, hash = ?, signature = ? WHERE chain = 'local'", (seq, hash, signature))
            c.execute('DELETE FROM audit_checkpoints')
            c.execute("UPDATE crossings SET decision = 'refuse' WHERE id = (SELECT min(id) FROM crossings WHERE decision = 'admit')")
            print(c.execute("SELECT min(id) FROM crossings WHERE decision = 'refuse'").fetchone()[0])
            c.commit()
            """,
            database,
            (outside as NSString).appendingPathComponent("head.json")
        )
        let broken = try LimesProcess.run(["audit", "verify", "--public-key", publicKey, "--checkpoints", kept], environment: environment)
        #expect(broken.status == 1, "\(broken.stdout)")
        #expect(broken.stdout.contains("names an event the chain no longer has: the newest events were cut"), "\(broken.stdout)")
        #expect(broken.stdout.contains("does not match its audit event") && broken.stdout.contains("changed outside Limes"), "\(broken.stdout)")

        let stranger = (outside as NSString).appendingPathComponent("other.pub")
        try "ed25519:not-a-key".write(toFile: stranger, atomically: true, encoding: .utf8)
        let refused = try LimesProcess.run(["audit", "verify", "--public-key", stranger], environment: environment)
        #expect(refused.status != 0 && refused.stderr.contains("--public-key \(stranger): not a public key"), "\(refused.stderr)")
    }

    /// Runs a Python script with sqlite3 as a database administrator would, printing to `output`.
    func python(_ script: String, _ arguments: String..., output: String? = nil) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        if let output { try data.write(to: URL(fileURLWithPath: output)) }
    }

    /// Every command that opens a database takes --data-dir and --database-url, says which one
    /// it opened, and does not make an empty one by mistake.
    @Test func commandsNameTheirDatabaseAndMakeNoneByMistake() throws {
        let nowhere = folder + "-mistyped"
        let refused = try LimesProcess.run(["user", "list", "--data-dir", nowhere])
        #expect(refused.status == 1 && refused.stderr.contains("no Limes database at \(nowhere)/limes.sqlite"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: nowhere), "nothing was created")
        _ = try LimesProcess.run(["demo", "--seed-only", "--data-dir", folder, "--password-rounds", "1000"])
        for command in [["user", "list"], ["audit", "verify"], ["policy", "show"], ["retention", "show"], ["audit", "public-key"]] {
            let byOption = try LimesProcess.run(command + ["--data-dir", folder])
            #expect(byOption.status == 0 && byOption.stderr.contains("limes: SQLite at \(folder)/limes.sqlite"), "\(command): \(byOption.stderr)")
            let byURL = try LimesProcess.run(command + ["--database-url", "sqlite:\(folder)/limes.sqlite"])
            #expect(byURL.status == 0 && byURL.stderr.contains("limes: SQLite at \(folder)/limes.sqlite"), "\(command): \(byURL.stderr)")
        }
        let help = try LimesProcess.run(["serve", "--help"])
        for variable in ["LIMES_DATABASE_URL", "LIMES_DATA_DIR", "LIMES_AUDIT_KEY_FILE", "LIMES_IDLE_TIMEOUT_SECONDS", "LIMES_ARABIC_LOCALE"] {
            #expect(help.stdout.contains(variable), "serve --help names \(variable)")
        }
        #expect(help.stdout.contains("--data-dir") && help.stdout.contains("--database-url"))
    }

    @Test func retentionPeriodsAreShownSetCheckedAndRun() throws {
        _ = try LimesProcess.run(["demo", "--seed-only", "--data-dir", folder, "--password-rounds", "1000"])
        let shown = try LimesProcess.run(["retention", "show"], environment: environment)
        #expect(shown.status == 0 && shown.stdout.contains("\"age_assessments\" : 1825"), "\(shown.stdout)")
        let file = (folder as NSString).appendingPathComponent("retention.json")
        try #"{"days": {"protection_flags": 30, "vulnerability_assessments": 30, "age_assessments": 0, "referrals": 30, "information_given": 30}}"#
            .write(toFile: file, atomically: true, encoding: .utf8)
        let refused = try LimesProcess.run(["retention", "set", file], environment: environment)
        #expect(refused.status != 0 && refused.stderr.contains("days.age_assessments: 0 is not 1 to 36,500 days"), "\(refused.stderr)")
        try
            #"{"days": {"protection_flags": 30, "vulnerability_assessments": 30, "age_assessments": 90, "referrals": 30, "information_given": 30, "persons_without_documents": 30}}"#
            .write(toFile: file, atomically: true, encoding: .utf8)
        #expect(try LimesProcess.run(["retention", "set", file], environment: environment).status == 0)
        let dry = try LimesProcess.run(["retention", "run", "--dry-run"], environment: environment)
        #expect(dry.status == 0 && dry.stdout.contains("dry run, nothing changed") && dry.stdout.contains("protection_flags: 0"), "\(dry.stdout)")
        let run = try LimesProcess.run(["retention", "run"], environment: environment)
        #expect(run.status == 0 && run.stdout.hasPrefix("retention run:"))
        #expect(try LimesProcess.run(["audit", "verify"], environment: environment).status == 0)
    }

    @Test func usersNeedARealRoleAndAStrongPasswordFromStandardInput() throws {
        _ = try LimesProcess.run(["demo", "--seed-only", "--data-dir", folder, "--password-rounds", "1000"])
        let badRole = try LimesProcess.run(
            ["user", "add", "k.idrissi", "--name", "K. Idrissi", "--role", "boss"],
            stdin: "a long enough password\n",
            environment: environment
        )
        #expect(badRole.status != 0)
        #expect(badRole.stderr.contains("--role 'boss' is not one of"))
        let weak = try LimesProcess.run(
            ["user", "add", "k.idrissi", "--name", "K. Idrissi", "--role", "first_line_officer", "--bcp", "UTO-AIR"],
            stdin: "1234\n",
            environment: environment
        )
        #expect(weak.status != 0)
        #expect(weak.stderr.contains("password: must be at least 10 characters"), "\(weak.stderr)")
        let unknownPost = try LimesProcess.run(
            ["user", "add", "k.idrissi", "--name", "K. Idrissi", "--role", "first_line_officer", "--bcp", "ATLANTIS"],
            stdin: "a long enough password\n",
            environment: environment
        )
        #expect(unknownPost.stderr.contains("bcps: 'ATLANTIS' is not a known BCP"), "\(unknownPost.stderr)")
        let good = try LimesProcess.run(
            ["user", "add", "k.idrissi", "--name", "K. Idrissi", "--role", "first_line_officer", "--bcp", "UTO-AIR"],
            stdin: "a long enough password\n",
            environment: environment
        )
        #expect(good.status == 0, "\(good.stderr)")
        #expect(good.stdout.contains("saved k.idrissi: first_line_officer; BCPs: UTO-AIR"))
    }
}

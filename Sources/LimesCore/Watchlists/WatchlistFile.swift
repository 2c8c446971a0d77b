import Foundation

/// Reads watchlist files: CSV with a header line, or JSON Lines, with the same fields:
/// `id,list,names,birth_date,sex,nationality,document_number,document_country,action,valid_until`
/// and optionally `authority`, `valid_from`. `names` holds the primary name then aliases,
/// separated by `|`; so do `nationality`, `document_number` and `document_country`.
///
/// A file is read whole or not at all: every error is collected with its line and field.
public enum WatchlistFile {
    public enum Format: String, Sendable, CaseIterable {
        case csv
        case jsonLines = "jsonl"

        /// By extension: `.jsonl` and `.ndjson` are JSON Lines, anything else CSV.
        public static func guess(path: String) -> Format {
            path.hasSuffix(".jsonl") || path.hasSuffix(".ndjson") ? .jsonLines : .csv
        }
    }

    public static let requiredColumns = [
        "id", "list", "names", "birth_date", "sex", "nationality", "document_number", "document_country", "action", "valid_until",
    ]
    public static let optionalColumns = ["authority", "valid_from"]
    static let maximumErrors = 20

    public static func read(_ text: String, format: Format) throws(WatchlistFileErrors) -> [Alert] {
        switch format {
        case .csv: return try readCSV(text)
        case .jsonLines: return try readJSONLines(text)
        }
    }

    static func readCSV(_ text: String) throws(WatchlistFileErrors) -> [Alert] {
        let (header, rows) = try CSVReader.table(text)
        let columns = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let missing = requiredColumns.filter { !columns.contains($0) }
        let unknown = columns.filter { !requiredColumns.contains($0) && !optionalColumns.contains($0) }
        if !missing.isEmpty || !unknown.isEmpty {
            var message = ""
            if !missing.isEmpty { message += "missing column\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", "))" }
            if !unknown.isEmpty {
                message += (message.isEmpty ? "" : "; ") + "unknown column\(unknown.count == 1 ? "" : "s") \(unknown.joined(separator: ", "))"
            }
            throw WatchlistFileErrors(
                errors: [
                    WatchlistFileError(line: header.line, field: "header", message: message + "; expected " + requiredColumns.joined(separator: ","))
                ],
                truncated: false
            )
        }
        var collector = Collector()
        for record in rows {
            guard record.fields.count == columns.count else {
                collector.add(
                    WatchlistFileError(
                        line: record.line,
                        field: "columns",
                        message:
                            "has \(record.fields.count) field\(record.fields.count == 1 ? "" : "s"), the header has \(columns.count); the line may be cut short or hold an unquoted comma"
                    )
                )
                continue
            }
            var values: [String: String] = [:]
            for (column, value) in zip(columns, record.fields) { values[column] = value.trimmingCharacters(in: .whitespaces) }
            collector.alert(values, line: record.line)
        }
        return try collector.finish()
    }

    static func readJSONLines(_ text: String) throws(WatchlistFileErrors) -> [Alert] {
        var collector = Collector()
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = offset + 1
            let content = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            if content.isEmpty { continue }
            guard let object = try? JSONSerialization.jsonObject(with: Data(content.utf8)) as? [String: Any] else {
                collector.add(WatchlistFileError(line: line, field: "line", message: "is not a JSON object"))
                continue
            }
            var values: [String: String] = [:]
            var bad = false
            for (key, value) in object {
                guard requiredColumns.contains(key) || optionalColumns.contains(key) else {
                    collector.add(
                        WatchlistFileError(
                            line: line,
                            field: key,
                            message: "is not a watchlist field; expected " + requiredColumns.joined(separator: ",")
                        )
                    )
                    bad = true
                    continue
                }
                switch value {
                case let text as String: values[key] = text
                case let list as [Any] where list.allSatisfy({ $0 is String }): values[key] = (list as! [String]).joined(separator: "|")
                case is NSNull: break
                default:
                    collector.add(WatchlistFileError(line: line, field: key, message: "must be a string or a list of strings"))
                    bad = true
                }
            }
            if !bad { collector.alert(values, line: line) }
        }
        return try collector.finish()
    }

    /// Turns rows into alerts, gathering errors instead of stopping at the first.
    struct Collector {
        var alerts: [Alert] = []
        var errors: [WatchlistFileError] = []
        var truncated = false
        var seen: [String: Int] = [:]

        mutating func add(_ error: WatchlistFileError) {
            if errors.count < WatchlistFile.maximumErrors { errors.append(error) } else { truncated = true }
        }

        func finish() throws(WatchlistFileErrors) -> [Alert] {
            if !errors.isEmpty { throw WatchlistFileErrors(errors: errors, truncated: truncated) }
            return alerts
        }

        mutating func alert(_ values: [String: String], line: Int) {
            let before = errors.count + (truncated ? 1 : 0)
            func fail(_ field: String, _ message: String) { add(WatchlistFileError(line: line, field: field, message: message)) }
            func parts(_ key: String) -> [String] {
                (values[key] ?? "").split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            }

            let id = values["id"] ?? ""
            if id.isEmpty { fail("id", "is empty") }
            if let first = seen[id], !id.isEmpty {
                fail("id", "'\(id)' is already used on line \(first)")
            } else if !id.isEmpty {
                seen[id] = line  // also for a line with other errors, so a repeat is still caught
            }
            let list = Alert.List(rawValue: values["list"] ?? "")
            if list == nil {
                fail("list", "'\(values["list"] ?? "")' is not one of \(Alert.List.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let names = parts("names")
            for name in names {
                if let problem = FreeText.nameProblem(name) { fail("names", "'\(name.debugDescription.dropFirst().dropLast())' \(problem)") }
            }
            if let authority = values["authority"], let problem = FreeText.nameProblem(authority) { fail("authority", problem) }
            let action = Alert.Action(rawValue: values["action"] ?? "")
            if action == nil {
                fail("action", "'\(values["action"] ?? "")' is not one of \(Alert.Action.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            var birthDate: PartialDate? = nil
            if let text = values["birth_date"], !text.isEmpty {
                birthDate = PartialDate(iso: text)
                if birthDate == nil { fail("birth_date", "'\(text)' is not a date as YYYY-MM-DD, YYYY-MM or YYYY") }
            }
            var sex: Sex? = nil
            if let text = values["sex"]?.uppercased(), !text.isEmpty {
                sex = Sex(rawValue: text)
                if sex == nil || sex == .unspecified { fail("sex", "'\(text)' is not M, F or X"); sex = nil }
            }
            let nationalities = parts("nationality").map { $0.uppercased() }
            for code in nationalities where !CountryCode(code: code).isKnown {
                fail("nationality", "'\(code)' is not a country code of ICAO Doc 9303")
            }
            let numbers = parts("document_number")
            let countries = parts("document_country").map { $0.uppercased() }
            for code in countries where !CountryCode(code: code).isKnown {
                fail("document_country", "'\(code)' is not a country code of ICAO Doc 9303")
            }
            if !countries.isEmpty, countries.count != numbers.count, countries.count != 1 {
                fail("document_country", "has \(countries.count) codes for \(numbers.count) document numbers; give one, or one per number")
            }
            let documents = numbers.enumerated().map { index, number in
                Alert.Document(
                    number: number.uppercased(),
                    country: countries.isEmpty ? nil : countries[countries.count == 1 ? 0 : min(index, countries.count - 1)]
                )
            }
            if list == .lostStolenDocument, documents.isEmpty {
                fail("document_number", "is empty; a lost or stolen document alert needs the number")
            }
            if list != nil, list != .lostStolenDocument, names.isEmpty { fail("names", "is empty; a person alert needs at least one name") }
            var validUntil: CalendarDate? = nil
            if let text = values["valid_until"], !text.isEmpty {
                validUntil = CalendarDate(iso: text)
                if validUntil == nil { fail("valid_until", "'\(text)' is not a date as YYYY-MM-DD") }
            }
            var validFrom: CalendarDate? = nil
            if let text = values["valid_from"], !text.isEmpty {
                validFrom = CalendarDate(iso: text)
                if validFrom == nil { fail("valid_from", "'\(text)' is not a date as YYYY-MM-DD") }
            }
            if let validFrom, let validUntil, validUntil < validFrom { fail("valid_until", "\(validUntil) is before valid_from \(validFrom)") }
            let authority = values["authority"].flatMap { $0.isEmpty ? nil : $0 }

            guard errors.count + (truncated ? 1 : 0) == before, let list, let action else { return }
            alerts.append(
                Alert(
                    id: id,
                    list: list,
                    names: names,
                    birthDate: birthDate,
                    sex: sex,
                    nationalities: nationalities,
                    documents: documents,
                    action: action,
                    authority: authority,
                    validFrom: validFrom,
                    validUntil: validUntil
                )
            )
        }
    }
}

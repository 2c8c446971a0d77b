/// Reads the queries of batch screening: CSV with the header `query_id,name,birth_date,nationality`.
public enum QueryFile {
    public struct Entry: Sendable {
        public var id: String
        public var query: ScreeningQuery
    }

    public static let columns = ["query_id", "name", "birth_date", "nationality"]

    public static func read(_ text: String) throws(WatchlistFileErrors) -> [Entry] {
        let (header, rows) = try CSVReader.table(text)
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let missing = columns.filter { !names.contains($0) }
        if !missing.isEmpty {
            throw WatchlistFileErrors(
                errors: [
                    WatchlistFileError(
                        line: header.line,
                        field: "header",
                        message: "missing \(missing.joined(separator: ", ")); expected \(columns.joined(separator: ","))"
                    )
                ],
                truncated: false
            )
        }
        var entries: [Entry] = []
        var errors: [WatchlistFileError] = []
        for record in rows {
            guard record.fields.count == names.count else {
                errors.append(
                    WatchlistFileError(
                        line: record.line,
                        field: "columns",
                        message: "has \(record.fields.count) fields, the header has \(names.count)"
                    )
                )
                continue
            }
            var values: [String: String] = [:]
            for (column, value) in zip(names, record.fields) { values[column] = value.trimmingCharacters(in: .whitespaces) }
            let id = values["query_id"] ?? ""
            let name = values["name"] ?? ""
            if id.isEmpty { errors.append(WatchlistFileError(line: record.line, field: "query_id", message: "is empty")) }
            if name.isEmpty { errors.append(WatchlistFileError(line: record.line, field: "name", message: "is empty")) }
            var birthDate: PartialDate? = nil
            if let text = values["birth_date"], !text.isEmpty {
                birthDate = PartialDate(iso: text)
                if birthDate == nil {
                    errors.append(
                        WatchlistFileError(line: record.line, field: "birth_date", message: "'\(text)' is not a date as YYYY-MM-DD, YYYY-MM or YYYY")
                    )
                }
            }
            let nationality = values["nationality"].flatMap { $0.isEmpty ? nil : $0.uppercased() }
            entries.append(Entry(id: id, query: ScreeningQuery(name: name, birthDate: birthDate, nationality: nationality)))
            if errors.count >= WatchlistFile.maximumErrors { break }
        }
        if !errors.isEmpty {
            throw WatchlistFileErrors(
                errors: Array(errors.prefix(WatchlistFile.maximumErrors)),
                truncated: errors.count > WatchlistFile.maximumErrors
            )
        }
        return entries
    }
}

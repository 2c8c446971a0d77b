/// Reads CSV as RFC 4180 writes it: quoted fields may hold commas, quotes (doubled) and line
/// breaks. Each record keeps the line it starts on, for error messages.
struct CSVReader {
    struct Record {
        var line: Int
        var fields: [String]
    }

    enum Failure: Error {
        case unterminatedQuote(line: Int)
    }

    /// The header and the rows of a file, or the error a watchlist or query file reports.
    static func table(_ text: String) throws(WatchlistFileErrors) -> (header: Record, rows: ArraySlice<Record>) {
        let all: [Record]
        do {
            all = try records(text)
        } catch {
            guard case .unterminatedQuote(let line) = error else { fatalError("unreachable") }
            throw WatchlistFileErrors(
                errors: [WatchlistFileError(line: line, field: "file", message: "a quoted field opened here is never closed")],
                truncated: false
            )
        }
        guard let header = all.first else {
            throw WatchlistFileErrors(
                errors: [WatchlistFileError(line: 1, field: "header", message: "the file is empty; it needs a header line")],
                truncated: false
            )
        }
        return (header, all.dropFirst())
    }

    static func records(_ text: String) throws(Failure) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1
        var recordLine = 1
        var inQuotes = false
        var quoteLine = 1
        var bytes = Array(text.utf8)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }  // a byte order mark from spreadsheets
        var i = 0
        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
        }
        func endRecord() {
            endField()
            // A blank line is no record.
            if !(fields.count == 1 && fields[0].isEmpty) { records.append(Record(line: recordLine, fields: fields)) }
            fields.removeAll(keepingCapacity: true)
        }
        while i < bytes.count {
            let b = bytes[i]
            if inQuotes {
                if b == UInt8(ascii: "\"") {
                    if i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "\"") {
                        field.append(b)
                        i += 2
                        continue
                    }
                    inQuotes = false
                } else {
                    if b == UInt8(ascii: "\n") { line += 1 }
                    field.append(b)
                }
                i += 1
                continue
            }
            switch b {
            case UInt8(ascii: "\""):
                inQuotes = true
                quoteLine = line
            case UInt8(ascii: ","):
                endField()
            case UInt8(ascii: "\r"):
                break
            case UInt8(ascii: "\n"):
                endRecord()
                line += 1
                recordLine = line
            default:
                field.append(b)
            }
            i += 1
        }
        if inQuotes { throw .unterminatedQuote(line: quoteLine) }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        return records
    }
}

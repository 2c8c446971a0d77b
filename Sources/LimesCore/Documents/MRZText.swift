/// MRZ text after the cleaning that document readers and OCR need, cut into lines of bytes.
///
/// Readers send lower case, `\r\n`, surrounding blanks, all lines joined into one string or
/// wrapped by a terminal. None of that changes a character, so it is undone here without a
/// report. A character that is not in the MRZ set is kept in place (non-ASCII ones as the
/// byte `placeholder`) so the field that holds it can name it.
struct MRZText {
    static let placeholder: UInt8 = 0x7F
    /// The longest text worth reading: 3 lines of 30 or 2 of 44 with room for blanks and
    /// line breaks. Anything longer is not one MRZ, and is refused before any work.
    static let maximumLength = 512

    var lines: [[UInt8]]
    /// The non-ASCII characters that `placeholder` stands for, in reading order.
    var foreignCharacters: [String]

    /// Cleans `text` and cuts it into the lines of a known layout.
    static func read(_ text: String) throws(MRZParseError) -> MRZText {
        let byteCount = text.utf8.count
        if byteCount > maximumLength {
            throw MRZParseError(
                kind: .tooLong, receivedLineLengths: [],
                message: "received \(byteCount) bytes, but one MRZ is at most 90 characters (\(maximumLength) bytes are accepted with blanks and line breaks)")
        }
        var foreign: [String] = []
        var rawLines: [[UInt8]] = []
        rawLines.reserveCapacity(3)
        var current: [UInt8] = []
        current.reserveCapacity(44)

        var utf8 = text.utf8.makeIterator()
        var pending: UInt8? = nil
        while let byte = pending ?? utf8.next() {
            pending = nil
            switch byte {
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                finish(&current, into: &rawLines)
            case UInt8(ascii: "a")...UInt8(ascii: "z"):
                current.append(byte &- 32)
            case 0x80...:
                // Gather one multi-byte scalar so the problem can quote it whole.
                var scalarBytes = [byte]
                while let next = utf8.next() {
                    if next & 0xC0 == 0x80 { scalarBytes.append(next) } else { pending = next; break }
                }
                foreign.append(String(decoding: scalarBytes, as: UTF8.self))
                current.append(placeholder)
            default:
                current.append(byte)
            }
        }
        finish(&current, into: &rawLines)

        if rawLines.isEmpty {
            throw MRZParseError(kind: .empty, receivedLineLengths: [], message: "no MRZ text received; " + MRZParseError.formatsNeed)
        }
        if layout(of: rawLines) != nil {
            return MRZText(lines: rawLines, foreignCharacters: foreign)
        }
        // Lines separated by blanks instead of line breaks.
        let pieces = rawLines.flatMap { $0.split(whereSeparator: isBlank).map(Array.init) }
        if layout(of: pieces) != nil {
            return MRZText(lines: pieces, foreignCharacters: foreign)
        }
        // All lines joined into one string, or wrapped at the wrong places: the total length
        // alone decides the layout, and the layout decides where lines end.
        let joined = pieces.flatMap { $0 }
        for format in [MRZFormat.td1, .td3, .td2] where joined.count == format.lineCount * format.lineLength {
            let lines = stride(from: 0, to: joined.count, by: format.lineLength).map {
                Array(joined[$0..<($0 + format.lineLength)])
            }
            return MRZText(lines: lines, foreignCharacters: foreign)
        }
        throw shapeError(rawLines.map(\.count))
    }

    /// The layouts (line count, line length) that a parser can read, by the first byte.
    static func layout(of lines: [[UInt8]]) -> (count: Int, length: Int)? {
        guard let first = lines.first else { return nil }
        let length = first.count
        guard lines.allSatisfy({ $0.count == length }) else { return nil }
        switch (lines.count, length) {
        case (3, 30), (2, 36), (2, 44): return (lines.count, length)
        default: return nil
        }
    }

    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == 0x0B || byte == 0x0C
    }

    /// Trims blanks around a line and keeps it if anything is left.
    private static func finish(_ line: inout [UInt8], into lines: inout [[UInt8]]) {
        var start = line.startIndex
        var end = line.endIndex
        while start < end, isBlank(line[start]) { start += 1 }
        while end > start, isBlank(line[end - 1]) { end -= 1 }
        if start < end {
            lines.append(start == line.startIndex && end == line.endIndex ? line : Array(line[start..<end]))
        }
        line.removeAll(keepingCapacity: true)
    }

    private static func shapeError(_ lengths: [Int]) -> MRZParseError {
        let received: String
        if lengths.count == 1 {
            received = "received 1 line of \(lengths[0]) characters"
        } else {
            let list = lengths.dropLast().map(String.init).joined(separator: ", ") + " and \(lengths.last!)"
            received = "received \(lengths.count) lines of \(list) characters"
        }
        // Where the line count fits a layout and one line has its length, name the odd line.
        if lengths.count == 2 || lengths.count == 3 {
            let candidates = MRZFormat.allCases.filter { $0.lineCount == lengths.count && !$0.isVisa }
            for format in candidates where lengths.contains(format.lineLength) {
                let odd = lengths.enumerated().filter { $0.element != format.lineLength }
                let detail = odd.map { "line \($0.offset + 1) has \($0.element)" }.joined(separator: ", ")
                let names = format == .td3 ? "a TD3 passport or MRV-A visa" : (format == .td2 ? "a TD2 document or MRV-B visa" : "a TD1 card")
                return MRZParseError(
                    kind: .wrongLineLength, receivedLineLengths: lengths,
                    message: "\(received): \(detail), where \(names) needs \(format.lineCount) lines of \(format.lineLength); the line may be cut short or have extra characters")
            }
            return MRZParseError(kind: .wrongLineLength, receivedLineLengths: lengths, message: "\(received); " + MRZParseError.formatsNeed)
        }
        return MRZParseError(kind: .wrongLineCount, receivedLineLengths: lengths, message: "\(received); " + MRZParseError.formatsNeed)
    }
}

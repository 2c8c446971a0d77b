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

    var grid: MRZGrid
    /// The non-ASCII characters that `placeholder` stands for, in reading order.
    var foreignCharacters: [String]

    /// Cleans `text` and cuts it into the lines of a known layout.
    static func read(_ text: String) throws(MRZParseError) -> MRZText {
        let byteCount = text.utf8.count
        if byteCount > maximumLength {
            throw MRZParseError(
                kind: .tooLong,
                receivedLineLengths: [],
                message:
                    "received \(byteCount) bytes, but one MRZ is at most 90 characters (\(maximumLength) bytes are accepted with blanks and line breaks)"
            )
        }
        var text = text
        let (bytes, lengths, foreign) = text.withUTF8 { split($0) }

        if lengths.isEmpty {
            throw MRZParseError(kind: .empty, receivedLineLengths: [], message: "no MRZ text received; " + MRZParseError.formatsNeed)
        }
        if let shape = shape(lengths) {
            return MRZText(grid: MRZGrid(bytes: bytes, lineCount: shape.count, lineLength: shape.length), foreignCharacters: foreign)
        }
        var lines: [[UInt8]] = []
        var offset = 0
        for length in lengths {
            lines.append(Array(bytes[offset..<(offset + length)]))
            offset += length
        }
        // Lines separated by blanks instead of line breaks.
        let pieces = lines.flatMap { $0.split(whereSeparator: isBlank).map(Array.init) }
        if let shape = shape(pieces.map(\.count)) {
            return MRZText(grid: MRZGrid(bytes: pieces.flatMap { $0 }, lineCount: shape.count, lineLength: shape.length), foreignCharacters: foreign)
        }
        // All lines joined into one string, or wrapped at the wrong places: the total length
        // alone decides the layout, and the layout decides where lines end.
        let joined = pieces.flatMap { $0 }
        for format in [MRZFormat.td1, .td3, .td2] where joined.count == format.lineCount * format.lineLength {
            return MRZText(grid: MRZGrid(bytes: joined, lineCount: format.lineCount, lineLength: format.lineLength), foreignCharacters: foreign)
        }
        throw shapeError(lengths)
    }

    /// Cuts the bytes into trimmed, non-empty lines: upper case, each non-ASCII character
    /// replaced by `placeholder` and kept aside.
    private static func split(_ bytes: UnsafeBufferPointer<UInt8>) -> ([UInt8], [Int], [String]) {
        var foreign: [String] = []
        var lines: [UInt8] = []
        lines.reserveCapacity(bytes.count)
        var lengths: [Int] = []
        lengths.reserveCapacity(3)
        let count = bytes.count
        var start = 0
        while start <= count {
            var end = start
            while end < count, bytes[end] != UInt8(ascii: "\n"), bytes[end] != UInt8(ascii: "\r") { end += 1 }
            var first = start, last = end
            while first < last, isBlank(bytes[first]) { first += 1 }
            while last > first, isBlank(bytes[last - 1]) { last -= 1 }
            if first < last {
                let segment = UnsafeBufferPointer(rebasing: bytes[first..<last])
                // Readers send clean upper-case ASCII nearly always: copy it in one go.
                let before = lines.count
                if segment.allSatisfy({ $0 < 0x61 || ($0 > 0x7A && $0 < 0x80) }) {
                    lines.append(contentsOf: segment)
                } else {
                    cleaned(segment, into: &lines, foreign: &foreign)
                }
                lengths.append(lines.count - before)
            }
            start = end + 1
        }
        return (lines, lengths, foreign)
    }

    /// The slow path of `split` for one line: lower case, non-ASCII characters.
    private static func cleaned(_ segment: UnsafeBufferPointer<UInt8>, into line: inout [UInt8], foreign: inout [String]) {
        var i = 0
        while i < segment.count {
            let byte = segment[i]
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"):
                line.append(byte &- 32)
            case 0x80...:
                // One multi-byte scalar, quoted whole in the problem that names it.
                var end = i + 1
                while end < segment.count, segment[end] & 0xC0 == 0x80 { end += 1 }
                foreign.append(String(decoding: UnsafeBufferPointer(rebasing: segment[i..<end]), as: UTF8.self))
                line.append(placeholder)
                i = end
                continue
            default:
                line.append(byte)
            }
            i += 1
        }
    }

    /// The shape (line count, line length) of a readable MRZ, or nil.
    static func shape(_ lengths: [Int]) -> (count: Int, length: Int)? {
        guard let length = lengths.first, lengths.allSatisfy({ $0 == length }) else { return nil }
        switch (lengths.count, length) {
        case (3, 30), (2, 36), (2, 44): return (lengths.count, length)
        default: return nil
        }
    }

    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == 0x0B || byte == 0x0C
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
                    kind: .wrongLineLength,
                    receivedLineLengths: lengths,
                    message:
                        "\(received): \(detail), where \(names) needs \(format.lineCount) lines of \(format.lineLength); the line may be cut short or have extra characters"
                )
            }
            return MRZParseError(kind: .wrongLineLength, receivedLineLengths: lengths, message: "\(received); " + MRZParseError.formatsNeed)
        }
        return MRZParseError(kind: .wrongLineCount, receivedLineLengths: lengths, message: "\(received); " + MRZParseError.formatsNeed)
    }
}

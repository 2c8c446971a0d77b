/// The lines of an MRZ as read. Kept as one string, since every reading stores them and most
/// never look at them; they encode as an array of lines.
public struct MRZLines: Sendable, Hashable, Codable, RandomAccessCollection {
    private let text: String
    public let lineLength: Int
    public let count: Int

    init(grid: MRZGrid) {
        text = String(decoding: grid.bytes, as: UTF8.self)
        lineLength = grid.lineLength
        count = grid.lineCount
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    public subscript(position: Int) -> String {
        // Every line has the same number of UTF-8 bytes, so line ends are scalar boundaries.
        let utf8 = text.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: position * lineLength)
        let end = utf8.index(start, offsetBy: lineLength)
        return String(text[start..<end])
    }

    public init(from decoder: any Decoder) throws {
        let lines = try decoder.singleValueContainer().decode([String].self)
        guard let first = lines.first, lines.allSatisfy({ $0.utf8.count == first.utf8.count }) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "MRZ lines must be of equal length"))
        }
        text = lines.joined()
        lineLength = first.utf8.count
        count = lines.count
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(Array(self))
    }
}

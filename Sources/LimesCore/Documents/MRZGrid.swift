/// The characters of an MRZ as one buffer of equal lines: one allocation, one index.
struct MRZGrid {
    var bytes: [UInt8]
    let lineCount: Int
    let lineLength: Int

    @inline(__always)
    subscript(_ line: Int, _ index: Int) -> UInt8 {
        get { bytes[line &* lineLength &+ index] }
        set { bytes[line &* lineLength &+ index] = newValue }
    }

    @inline(__always)
    subscript(_ line: Int, _ range: Range<Int>) -> ArraySlice<UInt8> {
        let base = line &* lineLength
        return bytes[(base &+ range.lowerBound)..<(base &+ range.upperBound)]
    }
}

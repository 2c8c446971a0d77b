import LimesCore
import Testing

@Suite("Check digits (Doc 9303 Part 3, 4.9)")
struct CheckDigitTests {
    /// Values printed in the specimens of Doc 9303.
    @Test(arguments: [
        ("L898902C3", 6), ("740812", 2), ("120415", 9), ("ZE184226B<<<<<", 1),
        ("D23145890", 7), ("L8988901C", 4), ("400907", 8), ("961210", 9), ("D23145890734", 9),
        ("340712", 7), ("950712", 2),
    ])
    func specimenValues(field: String, expected: Int) {
        #expect(CheckDigit.compute(field) == expected)
    }

    @Test func characterValues() {
        #expect(CheckDigit.value(of: UInt8(ascii: "<")) == 0)
        #expect(CheckDigit.value(of: UInt8(ascii: "0")) == 0)
        #expect(CheckDigit.value(of: UInt8(ascii: "9")) == 9)
        #expect(CheckDigit.value(of: UInt8(ascii: "A")) == 10)
        #expect(CheckDigit.value(of: UInt8(ascii: "Z")) == 35)
        #expect(CheckDigit.value(of: UInt8(ascii: "a")) == nil)
        #expect(CheckDigit.value(of: UInt8(ascii: " ")) == nil)
    }

    @Test func weightsRepeatSevenThreeOne() {
        // A=10: 10*7=70, 10*3=30, 10*1=10, then 7 again: 10*7=70 -> 180 -> 0; B (11) alone -> 77 -> 7.
        #expect(CheckDigit.compute("B") == 7)
        #expect(CheckDigit.compute("<B") == 3)
        #expect(CheckDigit.compute("<<B") == 1)
        #expect(CheckDigit.compute("<<<B") == 7)
        #expect(CheckDigit.compute("<<<<<<") == 0)
    }

    @Test func compositeOfTheSpecimens() {
        // TD3: positions 1-10, 14-20, 22-43 of line 2.
        let l = Array(Specimen.td3[1])
        let td3 = String(l[0..<10]) + String(l[13..<20]) + String(l[21..<43])
        #expect(CheckDigit.compute(td3) == 0)
        // TD1: line 1 positions 6-30, line 2 positions 1-7, 9-15, 19-29.
        let a = Array(Specimen.td1[0]), b = Array(Specimen.td1[1])
        let td1 = String(a[5..<30]) + String(b[0..<7]) + String(b[8..<15]) + String(b[18..<29])
        #expect(CheckDigit.compute(td1) == 6)
    }
}

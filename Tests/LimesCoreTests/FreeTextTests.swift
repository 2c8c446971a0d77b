import LimesCore
import Testing

@Suite("Free text: names and notes")
struct FreeTextTests {
    @Test(arguments: [
        ("ABDEL\u{202E}RIHAM", "U+202E RIGHT-TO-LEFT OVERRIDE"),
        ("MUS\u{200B}TAFA", "U+200B ZERO WIDTH SPACE"),
        ("SMITH\u{0}", "control character U+0000"),
        ("SMITH\u{1B}[31m", "control character U+001B"),
        ("SMITH\r\nJONES", "control character U+000D"),
        ("\u{2067}OMAR\u{2069}", "U+2067 RIGHT-TO-LEFT ISOLATE"),
        ("NAME\u{85}", "control character U+0085"),
    ])
    func namesThatHideOrReorderTextAreRefused(name: String, named: String) {
        let problem = FreeText.nameProblem(name)
        #expect(problem?.contains(named) == true, "\(problem ?? "accepted")")
    }

    @Test(arguments: ["OUEDRAOGO", "محمد عبد الله", "ЗАХАРОВ Иван", "N'DIAYE-FALL", "مهرداد\u{200C}زاده", "ΠΑΠΑΔΟΠΟΥΛΟΣ"])
    func namesInAnyScriptAreAccepted(name: String) {
        #expect(FreeText.nameProblem(name) == nil)
    }

    @Test func notesKeepTheirLinesButNotTheirControls() {
        #expect(FreeText.textProblem("first line\nsecond line\tindented\r\n") == nil)
        #expect(FreeText.textProblem("hidden \u{202E}txet") != nil)
        #expect(FreeText.textProblem("bell \u{7}") != nil)
        #expect(FreeText.nameProblem("two\nlines") != nil, "a name is one line")
    }
}

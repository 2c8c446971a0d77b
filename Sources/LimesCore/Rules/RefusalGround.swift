/// A legal ground on which entry may be refused, as the national law or a code lists them.
public struct RefusalGround: Sendable, Hashable, Codable {
    public var code: String
    public var text: String

    public init(code: String, text: String) {
        self.code = code
        self.text = text
    }

    /// The grounds of the Schengen Borders Code's standard refusal form (Regulation (EU)
    /// 2016/399, Annex V Part B), paraphrased: shipped as an example set.
    public static let schengenExample: [RefusalGround] = [
        RefusalGround(code: "A", text: "no valid travel document"),
        RefusalGround(code: "B", text: "false, counterfeit or forged travel document"),
        RefusalGround(code: "C", text: "no valid visa or residence permit"),
        RefusalGround(code: "D", text: "false, counterfeit or forged visa or residence permit"),
        RefusalGround(code: "E", text: "no documents justifying the purpose and conditions of stay"),
        RefusalGround(code: "F", text: "has already stayed the maximum short stay in the reference period"),
        RefusalGround(code: "G", text: "insufficient means of subsistence for the stay and the return"),
        RefusalGround(code: "H", text: "an alert has been issued to refuse entry"),
        RefusalGround(code: "I", text: "a threat to public policy, internal security, public health or international relations"),
        RefusalGround(code: "J", text: "no valid travel authorisation"),
    ]
}

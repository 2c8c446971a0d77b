/// Reads a visa presented with a passport: is it a visa, for this holder, and still valid.
public enum VisaCheck {
    public static func check(visa: MRZDocument, holder: MRZDocument, today: CalendarDate) -> [VerdictReason] {
        guard visa.kind == .visa else {
            return [
                VerdictReason(
                    code: "visa.not_a_visa",
                    level: .refer,
                    message: "the document given as a visa is a \(visa.kind.rawValue.replacingOccurrences(of: "_", with: " ")), not a visa",
                    ground: "C",
                    details: ["kind": visa.kind.rawValue]
                )
            ]
        }
        var reasons: [VerdictReason] = []
        if !visa.checkDigits.failedFields.isEmpty {
            let fields = visa.checkDigits.failedFields.map(\.label).joined(separator: ", ")
            reasons.append(
                VerdictReason(
                    code: "visa.check_digits",
                    level: .refer,
                    message: "visa MRZ check digit failed for \(fields): misread or altered",
                    ground: "D",
                    details: ["fields": visa.checkDigits.failedFields.map(\.rawValue).joined(separator: ",")]
                )
            )
        }
        if let expiry = visa.dateOfExpiry.date, expiry < today {
            reasons.append(
                VerdictReason(
                    code: "visa.expired",
                    level: .refer,
                    message: "visa expired on \(expiry)",
                    ground: "C",
                    details: ["day": expiry.description]
                )
            )
        }
        var differences: [String] = []
        var fields: [MRZField] = []
        if visa.surname != holder.surname {
            differences.append("surname \(visa.surname) on the visa, \(holder.surname) on the passport")
            fields.append(.name)
        }
        if visa.dateOfBirth.raw != holder.dateOfBirth.raw {
            differences.append(
                "birth date \(visa.dateOfBirth.iso ?? visa.dateOfBirth.raw) on the visa, \(holder.dateOfBirth.iso ?? holder.dateOfBirth.raw)"
            )
            fields.append(.dateOfBirth)
        }
        if visa.nationality.code != holder.nationality.code {
            differences.append("nationality \(visa.nationality.code) on the visa, \(holder.nationality.code)")
            fields.append(.nationality)
        }
        if !differences.isEmpty {
            reasons.append(
                VerdictReason(
                    code: "visa.other_holder",
                    level: .refer,
                    message: "the visa may be another person's: " + differences.joined(separator: "; "),
                    ground: "D",
                    details: ["fields": fields.map(\.rawValue).joined(separator: ",")]
                )
            )
        }
        if reasons.isEmpty {
            let until = visa.dateOfExpiry.date.map { " valid until \($0)" } ?? ""
            reasons.append(
                VerdictReason(
                    code: "visa.valid",
                    level: .clear,
                    message: "visa \(visa.documentNumber) issued by \(visa.issuingState.code)\(until)",
                    details: ["number": visa.documentNumber, "issuer": visa.issuingState.code, "until": visa.dateOfExpiry.date?.description ?? "–"]
                )
            )
        }
        return reasons
    }
}

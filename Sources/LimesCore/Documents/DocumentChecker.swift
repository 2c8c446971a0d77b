/// The checks a document gets on top of reading its MRZ: expiry, issuer, check digits.
public struct DocumentChecker: Sendable {
    /// A document that expires within this many days (counting today) gets a warning.
    public var expiryWarningDays: Int

    public init(expiryWarningDays: Int = 30) {
        self.expiryWarningDays = expiryWarningDays
    }

    /// Every finding for `document` on `today`, failures first.
    public func check(_ document: MRZDocument, today: CalendarDate) -> [DocumentCheck] {
        var findings: [DocumentCheck] = []

        let failed = document.checkDigits.failedFields
        if !failed.isEmpty {
            let names = failed.map(\.label).joined(separator: ", ")
            findings.append(
                DocumentCheck(
                    code: .checkDigitsFailed,
                    severity: .failure,
                    message: "check digit failed for \(names): the MRZ was misread or the document altered",
                    fields: failed
                )
            )
        }
        let otherProblems = document.problems.filter { $0.kind != .checkDigitMismatch && $0.kind != .unknownCountry }
        if !otherProblems.isEmpty {
            var fields: [MRZField] = []
            for problem in otherProblems where !fields.contains(problem.field) { fields.append(problem.field) }
            findings.append(
                DocumentCheck(
                    code: .mrzProblems,
                    severity: .failure,
                    message: "MRZ does not read cleanly: " + otherProblems.map(\.message).joined(separator: "; "),
                    fields: fields
                )
            )
        }

        if let expiry = document.dateOfExpiry.date {
            let days = today.days(until: expiry)
            if days < 0 {
                let ago = -days == 1 ? "yesterday" : "\(-days) days ago"
                findings.append(
                    DocumentCheck(code: .expired, severity: .failure, message: "document expired on \(expiry) (\(ago))", fields: [.dateOfExpiry])
                )
            } else if days < expiryWarningDays {
                let when = days == 0 ? "today" : (days == 1 ? "tomorrow" : "in \(days) days")
                findings.append(
                    DocumentCheck(
                        code: .expiresSoon,
                        severity: .warning,
                        message: "document expires on \(expiry) (\(when))",
                        fields: [.dateOfExpiry]
                    )
                )
            }
        } else {
            findings.append(
                DocumentCheck(
                    code: .expiryUnreadable,
                    severity: .failure,
                    message: "date of expiry '\(document.dateOfExpiry.raw)' could not be read, so validity is unknown",
                    fields: [.dateOfExpiry]
                )
            )
        }

        if !document.issuingState.isKnown {
            findings.append(
                DocumentCheck(
                    code: .issuerNotRecognised,
                    severity: .failure,
                    message: "issuing state '\(document.issuingState.code)' is not a recognised issuer",
                    fields: [.issuingState]
                )
            )
        } else if document.issuingState.code == "UTO" {
            findings.append(
                DocumentCheck(
                    code: .specimen,
                    severity: .failure,
                    message: "issued by UTO (Utopia), the ICAO specimen state: this is a specimen, not a real document",
                    fields: [.issuingState]
                )
            )
        }
        if !document.nationality.isKnown {
            findings.append(
                DocumentCheck(
                    code: .nationalityNotRecognised,
                    severity: .warning,
                    message: "nationality '\(document.nationality.code)' is not a recognised code",
                    fields: [.nationality]
                )
            )
        }

        if !document.corrections.isEmpty {
            let list = document.corrections.map(\.description).joined(separator: "; ")
            let fields = Array(Set(document.corrections.map(\.field))).sorted { $0.rawValue < $1.rawValue }
            findings.append(
                DocumentCheck(
                    code: .ocrCorrected,
                    severity: .information,
                    message:
                        "read with \(document.corrections.count) OCR correction\(document.corrections.count == 1 ? "" : "s"): \(list); compare with the printed page",
                    fields: fields
                )
            )
        }
        if document.nameMayBeTruncated {
            findings.append(
                DocumentCheck(
                    code: .nameMayBeTruncated,
                    severity: .information,
                    message: "the name fills the machine readable zone and may be cut short: read the whole name on the printed page",
                    fields: [.name]
                )
            )
        }
        if findings.count > 1 { findings.sort { $0.severity > $1.severity } }
        return findings
    }
}

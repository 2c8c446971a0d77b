import Foundation
import LimesCore
import LimesStore

extension API {
    /// `SharingAgreement` as the API shows it.
    struct Agreement: APIBody {
        struct Term: APIBody {
            var level: SharingLevel
            var fields: [String]
            var answerHours: Int?
        }

        var id: String
        var version: Int
        var title: String
        var instrument: String
        var article: String
        var partner: String
        var validFrom: CalendarDate
        var validUntil: CalendarDate?
        var status: SharingAgreement.Status
        var terms: [String: Term]

        init(_ record: SharingAgreement) {
            id = record.id
            version = record.version
            title = record.title
            instrument = record.instrument
            article = record.article
            partner = record.partner
            validFrom = record.validFrom
            validUntil = record.validUntil
            status = record.status
            terms = Dictionary(
                uniqueKeysWithValues: record.terms.map {
                    ($0.key.rawValue, Term(level: $0.value.level, fields: $0.value.fields, answerHours: $0.value.answerHours))
                }
            )
        }
    }

    /// `PUT /api/v1/agreements/{id}`: the whole agreement as it is to be; the version follows.
    struct AgreementRequest: Decodable, Sendable {
        var title: String
        var instrument: String
        var article: String
        var partner: String
        var validFrom: CalendarDate
        var validUntil: CalendarDate?
        var status: SharingAgreement.Status?
        var terms: [ExchangeKind: SharingAgreement.Term]

        func agreement(id: String) -> SharingAgreement {
            SharingAgreement(
                id: id,
                title: title,
                instrument: instrument,
                article: article,
                partner: partner.uppercased(),
                validFrom: validFrom,
                validUntil: validUntil,
                status: status ?? .active,
                terms: terms
            )
        }
    }

    struct AgreementVersion: APIBody {
        var agreement: Agreement
        var recordedBy: String
        var recordedAt: Timestamp
    }

    struct Partner: APIBody {
        var country: String
        var name: String
        var url: String
        var publicKey: String
        var lastContact: Timestamp?
        var lastError: String?

        init(_ record: ExchangePartner) {
            country = record.country
            name = record.name
            url = record.url
            publicKey = record.publicKey
            lastContact = record.lastContact
            lastError = record.lastError
        }
    }

    /// `PUT /api/v1/exchange/partners/{country}`.
    struct PartnerRequest: Decodable, Sendable {
        var name: String
        var url: String
        var publicKey: String
    }

    struct ExchangePublicKey: APIBody {
        var publicKey: String
    }

    /// A message sent (or waiting) or received, as the exchange log shows it: the text exactly
    /// as it travelled.
    struct LogEntry: APIBody {
        var partner: String
        var seq: Int64
        var id: String
        var kind: ExchangeKind
        var action: ExchangeMessage.Action
        var record: String
        var agreement: String
        var agreementVersion: Int
        var message: String
        var at: Timestamp
        var by: String
        var state: ExchangeLogEntry.State
        var outcomeAt: Timestamp?
        var reason: String?

        init(_ record: ExchangeLogEntry) {
            partner = record.partner
            seq = record.seq
            id = record.id
            kind = record.kind
            action = record.action
            self.record = record.record
            agreement = record.agreement
            agreementVersion = record.agreementVersion
            message = record.text
            at = record.at
            by = record.by
            state = record.state
            outcomeAt = record.outcomeAt
            reason = record.reason
        }
    }

    struct Receipt: APIBody {
        struct Outcome: APIBody {
            var seq: Int64
            var state: ExchangeLogEntry.State
            var reason: String?
        }

        var outcomes: [Outcome]
        var expected: Int64?

        init(_ record: ExchangeReceipt) {
            outcomes = record.outcomes.map { Outcome(seq: $0.seq, state: $0.state, reason: $0.reason) }
            expected = record.expected
        }
    }
}

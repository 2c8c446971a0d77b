import Foundation
import LimesCore

/// The OpenAPI 3.1 description of the JSON API, written by hand next to the routes and kept
/// true by a test that compares its paths with the router's.
enum OpenAPIDocument {
    typealias JSON = [String: Any]

    struct Operation {
        var method: String
        var path: String
        var summary: String
        /// Nil: no login needed.
        var permission: String?
        var request: String?
        var response: String
        var status = "200"
        var parameters: [JSON] = []
        /// Statuses this operation answers beyond those every operation of its kind does.
        var errors: [String] = []
        /// Called by a border post, which signs the request with its enrolled key instead of a login.
        var signedByNode = false
        /// Called by a partner country's service, each message signed with its pinned key.
        var signedByPartner = false
        /// A file rather than a JSON body: the media types it may come as.
        var files: [String] = []
    }

    static func ref(_ name: String) -> JSON { ["$ref": "#/components/schemas/\(name)"] }
    static func array(_ name: String) -> JSON { ["type": "array", "items": ref(name)] }
    static func object(_ properties: JSON, required: [String] = []) -> JSON {
        ["type": "object", "properties": properties, "required": required]
    }
    static var string: JSON { ["type": "string"] }
    static var nullableString: JSON { ["type": ["string", "null"]] }
    static var integer: JSON { ["type": "integer"] }
    static var exchangeFilters: [JSON] {
        [
            ["name": "partner", "in": "query", "required": false, "schema": string, "description": "A partner's ICAO code"],
            ["name": "from", "in": "query", "required": false, "schema": ["type": "string", "format": "date"]],
            [
                "name": "to", "in": "query", "required": false, "schema": ["type": "string", "format": "date"],
                "description": "The last day included",
            ],
        ]
    }
    static var periodParameters: [JSON] {
        [
            [
                "name": "period", "in": "query", "required": false, "schema": string,
                "description": "A period: 2026, 2026-Q4, 2026-12, 2026-W49 or 2026-12-08",
            ],
            ["name": "from", "in": "query", "required": false, "schema": string, "description": "A day or a period: its first day"],
            ["name": "to", "in": "query", "required": false, "schema": string, "description": "A day or a period: its last day"],
        ]
    }
    static var statTableParameters: [JSON] {
        var list: [JSON] = [
            [
                "name": "measure", "in": "query", "required": true,
                "schema": ["type": "string", "enum": StatMeasure.allCases.map(\.rawValue)],
            ],
            [
                "name": "by", "in": "query", "required": false, "schema": string,
                "description": "Breakdowns, comma separated: " + StatDimension.allCases.map(\.rawValue).joined(separator: ", "),
            ],
            ["name": "every", "in": "query", "required": false, "schema": ["type": "string", "enum": PeriodGranularity.allCases.map(\.rawValue)]],
        ]
        list += periodParameters
        for dimension in StatDimension.allCases where dimension != .period {
            list.append([
                "name": dimension.rawValue, "in": "query", "required": false, "schema": string,
                "description": "Only records with one of these values, comma separated",
            ])
        }
        return list
    }
    static var pathID: JSON { ["name": "id", "in": "path", "required": true, "schema": string] }
    static var nodeHeaders: [JSON] {
        [
            ["name": SyncMessage.nodeHeader, "in": "header", "required": true, "schema": string, "description": "The post's node id."],
            [
                "name": SyncMessage.signatureHeader, "in": "header", "required": true, "schema": string,
                "description": "Ed25519 signature (base64) with the post's enrolled key over the message the route describes.",
            ],
        ]
    }
    static var purpose: JSON {
        [
            "name": "purpose", "in": "query", "required": false, "schema": string,
            "description": "Why the data is read; recorded in the audit event.",
        ]
    }

    // The document is built once, at the first request for it; optimising these large literals
    // cost the release build minutes of one core and gained nothing.
    @_optimize(none)
    static func operations() -> [Operation] {
        [
            Operation(
                method: "get",
                path: "/health",
                summary: "Whether the server can serve checks: the database answers and screening is ready",
                permission: nil,
                response: "Health"
            ),
            Operation(method: "get", path: "/openapi.json", summary: "This document", permission: nil, response: "Any"),
            Operation(
                method: "post",
                path: "/api/v1/login",
                summary: "Log in; returns a bearer token",
                permission: nil,
                request: "LoginRequest",
                response: "LoginResponse",
                errors: ["401", "429", "503"]
            ),
            Operation(
                method: "post",
                path: "/api/v1/logout",
                summary: "End the session of the token",
                permission: "any user",
                response: "Empty",
                status: "204"
            ),
            Operation(method: "get", path: "/api/v1/me", summary: "The logged-in user", permission: "any user", response: "User"),
            Operation(
                method: "post",
                path: "/api/v1/checks",
                summary: "First-line check: document, screening, entry conditions, verdict",
                permission: "check_travellers",
                request: "CheckRequest",
                response: "CheckResponse",
                status: "201"
            ),
            Operation(
                method: "get",
                path: "/api/v1/checks/{id}",
                summary: "A recorded check",
                permission: "check_travellers",
                response: "Check",
                parameters: [pathID, purpose]
            ),
            Operation(
                method: "post",
                path: "/api/v1/crossings",
                summary: "Record the officer's decision; send Idempotency-Key so a retry returns the first answer",
                permission: "record_crossings",
                request: "CrossingRequest",
                response: "Crossing",
                status: "201",
                parameters: [["name": "Idempotency-Key", "in": "header", "required": false, "schema": string]],
                errors: ["404"]
            ),
            Operation(
                method: "get",
                path: "/api/v1/second-line/cases",
                summary: "Open second-line cases at the user's BCPs, oldest first",
                permission: "work_second_line",
                response: "CaseList",
                parameters: [["name": "bcp", "in": "query", "required": false, "schema": string], purpose]
            ),
            Operation(
                method: "get",
                path: "/api/v1/second-line/cases/{id}",
                summary: "A case with its check and hits",
                permission: "work_second_line",
                response: "CaseDetail",
                parameters: [pathID, purpose]
            ),
            Operation(
                method: "post",
                path: "/api/v1/second-line/cases/{id}/decision",
                summary: "Admit or refuse a referred traveller",
                permission: "work_second_line",
                request: "CaseDecisionRequest",
                response: "Crossing",
                status: "201",
                parameters: [pathID, ["name": "Idempotency-Key", "in": "header", "required": false, "schema": string]]
            ),
            Operation(
                method: "post",
                path: "/api/v1/hits/{id}/resolution",
                summary: "Confirm or dismiss a hit, with the reason",
                permission: "work_second_line",
                request: "HitResolutionRequest",
                response: "Hit",
                parameters: [pathID]
            ),
            Operation(
                method: "get",
                path: "/api/v1/travellers/{id}",
                summary: "A traveller's documents, crossings and hits",
                permission: "read_travellers",
                response: "TravellerHistory",
                parameters: [pathID, purpose]
            ),
            Operation(
                method: "get",
                path: "/api/v1/overstayers",
                summary: "Travellers whose authorised stay is over with no exit recorded",
                permission: "read_overstayers",
                response: "OverstayerList",
                parameters: [purpose]
            ),
            Operation(
                method: "get",
                path: "/api/v1/bcps",
                summary: "Border crossing points and their lanes",
                permission: "any user",
                response: "BCPList"
            ),
            Operation(
                method: "put",
                path: "/api/v1/bcps/{code}",
                summary: "Add or change a BCP",
                permission: "administer",
                request: "BCP",
                response: "BCP",
                parameters: [["name": "code", "in": "path", "required": true, "schema": string]]
            ),
            Operation(
                method: "get",
                path: "/api/v1/agencies",
                summary: "Agencies and their mandates: what each agency's users may read and do",
                permission: "administer",
                response: "AgencyList"
            ),
            Operation(
                method: "put",
                path: "/api/v1/agencies/{id}",
                summary: "Add or change an agency; without a mandate, its kind's preset. Every change is audited with what it gave and took away",
                permission: "administer",
                request: "AgencyRequest",
                response: "Agency",
                parameters: [["name": "id", "in": "path", "required": true, "schema": string]]
            ),
            Operation(
                method: "get",
                path: "/api/v1/mandates",
                summary: "What a mandate may say: kinds of record and their fields, what each action needs to read, the presets",
                permission: "any user",
                response: "MandateCatalogue"
            ),
            Operation(
                method: "get",
                path: "/api/v1/bcps/{code}/today",
                summary: "A BCP's day in figures, without names: crossings by hour, open cases, processing times",
                permission: "read_statistics (supervisors: their BCPs)",
                response: "BCPDayStatistics",
                parameters: [
                    ["name": "code", "in": "path", "required": true, "schema": string],
                    ["name": "day", "in": "query", "required": false, "schema": ["type": "string", "format": "date"]],
                ]
            ),
            Operation(
                method: "get",
                path: "/api/v1/statistics/tables",
                summary: "A table of one measure, broken down and filtered, with every margin; unprotected, for use inside the service",
                permission: "read_statistics (supervisors: their BCPs)",
                response: "StatTable",
                parameters: statTableParameters
            ),
            Operation(
                method: "get",
                path: "/api/v1/statistics/export",
                summary: "The same table protected by disclosure control (and against earlier releases), as a file; audited",
                permission: "read_statistics (supervisors: their BCPs)",
                response: "ProtectedFile",
                parameters: statTableParameters + [
                    ["name": "format", "in": "query", "required": false, "schema": ["type": "string", "enum": ["csv", "sdmx", "json"]]],
                    ["name": "threshold", "in": "query", "required": false, "schema": ["type": "integer", "minimum": 2, "maximum": 100]],
                    ["name": "protectionInterval", "in": "query", "required": false, "schema": ["type": "integer", "minimum": 1, "maximum": 1000]],
                ],
                files: ["text/csv", "application/vnd.sdmx.data+csv", "application/json"]
            ),
            Operation(
                method: "get",
                path: "/api/v1/statistics/processing-times",
                summary: "Processing time at first and second line, median and 90th percentile, by weekday and hour; lane queues and waits",
                permission: "read_statistics (supervisors: their BCPs)",
                response: "ProcessingTimes",
                parameters: [["name": "bcp", "in": "query", "required": false, "schema": string]] + periodParameters
            ),
            Operation(
                method: "get",
                path: "/api/v1/statistics/queues",
                summary: "Each lane's latest queue report at a BCP, with the wait estimated from its throughput",
                permission: "read_statistics or record_crossings (their BCPs)",
                response: "LaneQueueList",
                parameters: [["name": "bcp", "in": "query", "required": true, "schema": string]]
            ),
            Operation(
                method: "post",
                path: "/api/v1/statistics/queues",
                summary: "Report how many people wait at a lane",
                permission: "record_crossings (their BCPs)",
                request: "QueueReport",
                response: "LaneQueue",
                status: "201",
                errors: ["404"]
            ),
            Operation(
                method: "get",
                path: "/api/v1/statistics/indicators",
                summary: "The indicator register: GCM objectives and SDG targets that published figures serve, with definitions",
                permission: "read_statistics",
                response: "IndicatorList"
            ),
            Operation(
                method: "get",
                path: "/api/v1/statistics/settings",
                summary: "Age bands and the default disclosure rules",
                permission: "read_statistics or manage_policy",
                response: "StatisticsSettings"
            ),
            Operation(
                method: "put",
                path: "/api/v1/statistics/settings",
                summary: "Set the age bands and the default disclosure rules",
                permission: "manage_policy",
                request: "StatisticsSettings",
                response: "StatisticsSettings"
            ),
            Operation(
                method: "get",
                path: "/api/v1/releases",
                summary: "Releases, newest first, withdrawn ones marked",
                permission: "read_statistics",
                response: "ReleaseList"
            ),
            Operation(
                method: "post",
                path: "/api/v1/releases/preview",
                summary: "Protect a release's tables together and against earlier releases, without publishing",
                permission: "publish_statistics",
                request: "ReleaseRequest",
                response: "Release"
            ),
            Operation(
                method: "post",
                path: "/api/v1/releases",
                summary: "Publish a release: protected, stored as published with its hash, shown on the public page",
                permission: "publish_statistics",
                request: "ReleaseRequest",
                response: "Release",
                status: "201"
            ),
            Operation(
                method: "get",
                path: "/api/v1/releases/{id}",
                summary: "A release as published",
                permission: "read_statistics",
                response: "Release",
                parameters: [pathID]
            ),
            Operation(
                method: "post",
                path: "/api/v1/releases/{id}/withdraw",
                summary: "Withdraw a release, with a reason; it stays stored as published",
                permission: "publish_statistics",
                request: "WithdrawRequest",
                response: "Release",
                parameters: [pathID]
            ),
            Operation(
                method: "get",
                path: "/api/v1/releases/{id}/tables/{index}",
                summary: "One table of a release as a file; audited",
                permission: "read_statistics",
                response: "ProtectedFile",
                parameters: [
                    pathID, ["name": "index", "in": "path", "required": true, "schema": string, "description": "1 for the first table"],
                    ["name": "format", "in": "query", "required": false, "schema": ["type": "string", "enum": ["csv", "sdmx", "json"]]],
                ],
                files: ["text/csv", "application/vnd.sdmx.data+csv", "application/json"]
            ),
            Operation(
                method: "post",
                path: "/api/v1/travellers/{id}/protection-flags",
                summary: "Raise a protection flag on a traveller (child, trafficking, asylum, health...)",
                permission: "raise_protection_flags",
                request: "ProtectionFlagRequest",
                response: "ProtectionFlag",
                status: "201",
                parameters: [["name": "id", "in": "path", "required": true, "schema": string]]
            ),
            Operation(
                method: "post",
                path: "/api/v1/persons-without-documents",
                summary: "Register a person met without documents (sea, land, air; group), with a protection flag in the same transaction",
                permission: "register_persons (and raise_protection_flags for the flag; officers at posts: their BCPs)",
                request: "PersonWithoutDocumentsRequest",
                response: "RegisteredPerson",
                status: "201"
            ),
            Operation(
                method: "get",
                path: "/api/v1/persons-without-documents",
                summary: "Persons registered without documents, newest first; one group with ?group= (each read audited)",
                permission: "register_persons (officers at posts: their BCPs)",
                response: "RegisteredPersonList",
                parameters: [
                    ["name": "bcp", "in": "query", "required": false, "schema": string],
                    ["name": "group", "in": "query", "required": false, "schema": string], purpose,
                ]
            ),
            Operation(
                method: "get",
                path: "/api/v1/travellers/{id}/protection-flags",
                summary: "A traveller's protection flags with their notes (audited)",
                permission: "read_protection_details",
                response: "ProtectionFlagList",
                parameters: [["name": "id", "in": "path", "required": true, "schema": string]]
            ),
            Operation(
                method: "post",
                path: "/api/v1/checks/{id}/safeguard-review",
                summary: "A supervisor's review that lets the refusal of a flagged person go ahead",
                permission: "review_safeguards",
                request: "SafeguardReviewRequest",
                response: "SafeguardReview",
                status: "201",
                parameters: [["name": "id", "in": "path", "required": true, "schema": string]]
            ),
            Operation(
                method: "get",
                path: "/api/v1/protection/flags",
                summary: "Open protection flags, oldest first (audited)",
                permission: "read_protection_details",
                response: "OpenProtectionFlagList"
            ),
            Operation(
                method: "get",
                path: "/api/v1/protection/indicators",
                summary: "The vulnerability indicators in use",
                permission: "read_protection_details",
                response: "VulnerabilityIndicators"
            ),
            Operation(
                method: "put",
                path: "/api/v1/protection/indicators",
                summary: "Replace the vulnerability indicators",
                permission: "administer",
                request: "VulnerabilityIndicators",
                response: "VulnerabilityIndicators"
            ),
            Operation(
                method: "post",
                path: "/api/v1/travellers/{id}/vulnerability-assessments",
                summary: "Record a preliminary vulnerability check",
                permission: "assess_vulnerability",
                request: "VulnerabilityAssessmentRequest",
                response: "VulnerabilityAssessment",
                status: "201",
                parameters: [["name": "id", "in": "path", "required": true, "schema": string]]
            ),
            Operation(
                method: "get",
                path: "/api/v1/travellers/{id}/vulnerability-assessments",
                summary: "A traveller's vulnerability checks (audited)",
                permission: "read_protection_details",
                response: "VulnerabilityAssessmentList",
                parameters: [["name": "id", "in": "path", "required": true, "schema": string]]
            ),
            Operation(
                method: "post",
                path: "/api/v1/travellers/{id}/age-assessments",
                summary: "Open an age assessment (the person is treated as a child while it is open)",
                permission: "assess_vulnerability",
                request: "AgeAssessmentRequest",
                response: "AgeAssessment",
                status: "201",
                parameters: [["name": "id", "in": "path", "required": true, "schema": string]]
            ),
            Operation(
                method: "get",
                path: "/api/v1/travellers/{id}/age-assessments",
                summary: "A traveller's age assessments (audited)",
                permission: "read_protection_details",
                response: "AgeAssessmentList",
                parameters: [["name": "id", "in": "path", "required": true, "schema": string]]
            ),
            Operation(
                method: "post",
                path: "/api/v1/age-assessments/{id}/conclusion",
                summary: "Conclude: methods from the least intrusive, professionals, an age range; the lowest is recorded",
                permission: "assess_vulnerability",
                request: "AgeConclusionRequest",
                response: "AgeAssessment",
                parameters: [["name": "id", "in": "path", "required": true, "schema": string]]
            ),
            Operation(
                method: "post",
                path: "/api/v1/protection-flags/{id}/closure",
                summary: "Close a protection flag, with the reason",
                permission: "read_protection_details",
                request: "ClosureRequest",
                response: "Empty",
                status: "204",
                parameters: [["name": "id", "in": "path", "required": true, "schema": string]]
            ),
            Operation(
                method: "post",
                path: "/api/v1/travellers/{id}/information",
                summary: "Record the information given to the person: which leaflet, in which language",
                permission: "raise_protection_flags",
                request: "InformationRequest",
                response: "InformationGiven",
                status: "201",
                parameters: [["name": "id", "in": "path", "required": true, "schema": string]]
            ),
            Operation(
                method: "get",
                path: "/api/v1/travellers/{id}/information",
                summary: "The information given to the person (audited)",
                permission: "read_protection_details",
                response: "InformationGivenList",
                parameters: [["name": "id", "in": "path", "required": true, "schema": string]]
            ),
            Operation(
                method: "get",
                path: "/api/v1/statistics/protection",
                summary: "Flags, vulnerability checks, age assessments and safeguard reviews in a period, without names",
                permission: "read_statistics",
                response: "ProtectionStatistics",
                parameters: [
                    ["name": "from", "in": "query", "required": false, "schema": ["type": "string", "format": "date"]],
                    ["name": "to", "in": "query", "required": false, "schema": ["type": "string", "format": "date"]],
                ]
            ),
            Operation(
                method: "get",
                path: "/api/v1/services",
                summary: "The directory of services and partner organisations",
                permission: "read_protection_details or administer",
                response: "ServiceList",
                status: "200"
            ),
            Operation(
                method: "put",
                path: "/api/v1/services/{id}",
                summary: "Add or change a service: the needs it takes, its partner agency, its deadline to accept",
                permission: "administer",
                request: "ServiceRequest",
                response: "Service",
                status: "200",
                parameters: [["name": "id", "in": "path", "required": true, "schema": string]]
            ),
            Operation(
                method: "get",
                path: "/api/v1/travellers/{id}/referral-proposals",
                summary: "Services proposed from the open flags and the latest vulnerability check",
                permission: "assess_vulnerability",
                response: "ReferralProposalList",
                status: "200",
                parameters: [["name": "id", "in": "path", "required": true, "schema": string]]
            ),
            Operation(
                method: "post",
                path: "/api/v1/travellers/{id}/referrals",
                summary: "Send a referral; without every consent it waits for a supervisor",
                permission: "assess_vulnerability",
                request: "ReferralRequest",
                response: "Referral",
                status: "201",
                parameters: [["name": "id", "in": "path", "required": true, "schema": string]]
            ),
            Operation(
                method: "post",
                path: "/api/v1/referrals/{id}/consent-override",
                summary: "A supervisor lets a referral go without every consent, with reasons",
                permission: "review_safeguards",
                request: "ReasonRequest",
                response: "Referral",
                status: "200",
                parameters: [["name": "id", "in": "path", "required": true, "schema": string]]
            ),
            Operation(
                method: "post",
                path: "/api/v1/referrals/{id}/response",
                summary: "The partner accepts, or rejects with a reason",
                permission: "work_referrals",
                request: "ReferralResponseRequest",
                response: "Referral",
                status: "200",
                parameters: [["name": "id", "in": "path", "required": true, "schema": string]]
            ),
            Operation(
                method: "post",
                path: "/api/v1/referrals/{id}/outcome",
                summary: "The partner reports the outcome",
                permission: "work_referrals",
                request: "ReferralOutcomeRequest",
                response: "Referral",
                status: "200",
                parameters: [["name": "id", "in": "path", "required": true, "schema": string]]
            ),
            Operation(
                method: "post",
                path: "/api/v1/referrals/{id}/revocation",
                summary: "The sender revokes a referral",
                permission: "assess_vulnerability",
                response: "Referral",
                status: "200",
                parameters: [["name": "id", "in": "path", "required": true, "schema": string]]
            ),
            Operation(
                method: "get",
                path: "/api/v1/referrals/inbox",
                summary: "The partner's referrals, with only what each shares (audited)",
                permission: "work_referrals",
                response: "PartnerReferralList",
                status: "200"
            ),
            Operation(
                method: "get",
                path: "/api/v1/referrals/late",
                summary: "Referrals not answered by their deadline",
                permission: "read_protection_details",
                response: "ReferralList",
                status: "200"
            ),
            Operation(method: "get", path: "/api/v1/users", summary: "All users", permission: "administer", response: "UserList"),
            Operation(
                method: "get",
                path: "/api/v1/nodes",
                summary: "The border posts enrolled here: last contact, changes applied, watchlist version held, conflicts",
                permission: "administer",
                response: "NodeList"
            ),
            Operation(
                method: "post",
                path: "/api/v1/nodes",
                summary: "Enrol a border post: its id, the BCPs it serves, and the public key it signs with (pinned)",
                permission: "administer",
                request: "NodeEnrolment",
                response: "Node",
                status: "201",
                errors: ["404"]
            ),
            Operation(
                method: "get",
                path: "/api/v1/conflicts",
                summary:
                    "Posts' changes headquarters did not apply, each with the post's version, the version it read before and headquarters' record now (headquarters only; each read audited; values of protection records only with read_protection_details)",
                permission: "administer",
                response: "SyncConflictList",
                parameters: [
                    ["name": "state", "in": "query", "required": false, "schema": ["type": "string", "enum": ["open", "judged"]]],
                    ["name": "node", "in": "query", "required": false, "schema": string],
                ]
            ),
            Operation(
                method: "post",
                path: "/api/v1/conflicts/{id}/judgement",
                summary: "Record how a conflict was settled, once; both versions stay on file",
                permission: "administer",
                request: "ConflictJudgementRequest",
                response: "SyncConflict",
                parameters: [pathID],
                errors: ["404"]
            ),
            Operation(
                method: "get",
                path: "/api/v1/agreements",
                summary:
                    "Sharing agreements with other countries, each in its current version: legal basis, partner, period, status, and per kind of message the level and fields that may pass",
                permission: "administer or audit_system",
                response: "AgreementList"
            ),
            Operation(
                method: "put",
                path: "/api/v1/agreements/{id}",
                summary: "Record a new version of an agreement (suspend it with status suspended: the exchange stops at once)",
                permission: "administer",
                request: "AgreementRequest",
                response: "Agreement",
                parameters: [pathID]
            ),
            Operation(
                method: "get",
                path: "/api/v1/agreements/{id}/versions",
                summary: "Every version of an agreement, with who recorded it and when",
                permission: "administer or audit_system",
                response: "AgreementVersionList",
                parameters: [pathID]
            ),
            Operation(
                method: "get",
                path: "/api/v1/exchange/partners",
                summary: "Partner countries' services: address, pinned key, last contact and error",
                permission: "administer or audit_system",
                response: "PartnerList"
            ),
            Operation(
                method: "put",
                path: "/api/v1/exchange/partners/{country}",
                summary: "Add or change a partner: its address and the public key its messages are signed with",
                permission: "administer",
                request: "PartnerRequest",
                response: "Partner",
                parameters: [["name": "country", "in": "path", "required": true, "schema": string]]
            ),
            Operation(
                method: "get",
                path: "/api/v1/exchange/key",
                summary: "This service's public key for partners to pin",
                permission: "administer or audit_system",
                response: "ExchangePublicKey"
            ),
            Operation(
                method: "get",
                path: "/api/v1/exchange/disclosures",
                summary: "What was sent to partners (or waits to be), newest first, exactly as sent: to one partner, in a period",
                permission: "administer or audit_system",
                response: "ExchangeLog",
                parameters: exchangeFilters
            ),
            Operation(
                method: "get",
                path: "/api/v1/exchange/received",
                summary: "What partners sent, accepted or refused with the reason, newest first",
                permission: "administer or audit_system",
                response: "ExchangeLog",
                parameters: exchangeFilters
            ),
            Operation(
                method: "post",
                path: "/api/v1/hits/{id}/information-requests",
                summary: "Ask the country whose alert a hit is on what it knows, under the agreement in force; due within the hours it sets",
                permission: "work_second_line (at the hit's BCP)",
                request: "ExchangeRequestAsk",
                response: "ExchangeRequest",
                status: "201",
                parameters: [pathID]
            ),
            Operation(
                method: "get",
                path: "/api/v1/information-requests",
                summary: "Requests for information asked of partners and by them, with their deadline, answer and whether they are late",
                permission: "work_second_line or audit_system",
                response: "ExchangeRequestList",
                parameters: [
                    ["name": "direction", "in": "query", "required": false, "schema": ["type": "string", "enum": ["incoming", "outgoing"]]],
                    ["name": "late", "in": "query", "required": false, "schema": ["type": "string", "enum": ["0", "1"]]],
                ]
            ),
            Operation(
                method: "post",
                path: "/api/v1/information-requests/{id}/answer",
                summary: "Answer a partner's request; the answer goes back under the agreement in force",
                permission: "work_second_line",
                request: "ExchangeRequestAnswer",
                response: "ExchangeRequest",
                parameters: [pathID]
            ),
            Operation(
                method: "get",
                path: "/api/v1/one-stop/operations",
                summary:
                    "A one-stop post's operations: exits passed to the partner with their state (waiting, done, refused), and the partner's exits to check here",
                permission: "check_travellers (at the BCP)",
                response: "OneStopOperationList",
                parameters: [["name": "bcp", "in": "query", "required": true, "schema": string]]
            ),
            Operation(
                method: "post",
                path: "/api/v1/one-stop/operations/{id}/check",
                summary:
                    "This country's check of a partner's one-stop exit, from the data the partner passed; the decision is then recorded with POST /api/v1/crossings",
                permission: "check_travellers (at the BCP)",
                request: "OneStopCheckRequest",
                response: "CheckResponse",
                status: "201",
                parameters: [pathID]
            ),
            Operation(
                method: "post",
                path: "/api/v1/exchange/messages",
                summary:
                    "A partner's messages, in order from the next number expected; each signed with the partner's pinned key over \"limes-exchange-message\" U+001F and its text. Each is accepted or refused with a reason, once",
                permission: nil,
                request: "ExchangeDelivery",
                response: "ExchangeReceipt",
                parameters: [
                    [
                        "name": ExchangeMessage.countryHeader, "in": "header", "required": true, "schema": string,
                        "description": "The sending country's ICAO code.",
                    ]
                ],
                errors: ["401"],
                signedByPartner: true
            ),
            Operation(
                method: "post",
                path: "/api/v1/sync/batches",
                summary:
                    "A post's outbox changes, consecutive from the next number headquarters expects; applied once each. Signed: \"limes-sync-batch\" U+001F and the body's bytes",
                permission: nil,
                request: "SyncBatch",
                response: "SyncAcknowledgement",
                parameters: nodeHeaders,
                errors: ["401", "409"],
                signedByNode: true
            ),
            Operation(
                method: "get",
                path: "/api/v1/sync/reference",
                summary:
                    "Headquarters' reference data for a post (204 when it holds the current version); alerts only when the watchlist moved: those changed and removed since the version the post holds (alertsSince), or all of them. Signed: limes-sync-reference, node, version, watchlist, time, joined by U+001F",
                permission: nil,
                response: "ReferenceCopy",
                parameters: nodeHeaders + [
                    ["name": SyncMessage.timeHeader, "in": "header", "required": true, "schema": string, "description": "Seconds since 1970."],
                    ["name": "version", "in": "query", "required": false, "schema": string, "description": "The version the post holds."],
                    ["name": "watchlist", "in": "query", "required": false, "schema": integer, "description": "The watchlist version it holds."],
                ],
                errors: ["204", "401"],
                signedByNode: true
            ),
            Operation(
                method: "get",
                path: "/api/v1/sync/crossings",
                summary:
                    "Crossings recorded elsewhere in the service after the post's position, as far back as checks read. Signed: limes-sync-crossings, node, after, time, joined by U+001F",
                permission: nil,
                response: "ServiceCrossings",
                parameters: nodeHeaders + [
                    ["name": SyncMessage.timeHeader, "in": "header", "required": true, "schema": string, "description": "Seconds since 1970."],
                    [
                        "name": "after", "in": "query", "required": false, "schema": integer,
                        "description": "The position the last answer gave as next (0 at first).",
                    ],
                ],
                errors: ["401", "503"],
                signedByNode: true
            ),
            Operation(
                method: "post",
                path: "/api/v1/users",
                summary: "Add a user (an existing username is a conflict; limes user add changes one)",
                permission: "administer",
                request: "NewUserRequest",
                response: "User",
                status: "201"
            ),
            Operation(
                method: "get",
                path: "/api/v1/entry-policy",
                summary: "Visa list, stay rules, refusal grounds",
                permission: "any user",
                response: "EntryPolicy"
            ),
            Operation(
                method: "put",
                path: "/api/v1/entry-policy",
                summary: "Replace the entry policy",
                permission: "manage_policy",
                request: "EntryPolicy",
                response: "EntryPolicy"
            ),
            Operation(
                method: "get",
                path: "/api/v1/audit/verify",
                summary: "Recompute the audit hash chain",
                permission: "audit_system",
                response: "AuditVerification"
            ),
        ]
    }

    @_optimize(none)
    static func schemas() -> JSON {
        let verdictLevel: JSON = ["type": "string", "enum": Verdict.Level.allCases.map(\.rawValue)]
        let decision: JSON = ["type": "string", "enum": Decision.allCases.map(\.rawValue)]
        let direction: JSON = ["type": "string", "enum": Direction.allCases.map(\.rawValue)]
        let reason = object(
            [
                "code": string, "level": verdictLevel, "message": string, "ground": nullableString,
                "details": ["type": ["object", "null"], "additionalProperties": string],
            ],
            required: ["code", "level", "message"]
        )
        let traveller = object(
            ["id": string, "surname": string, "givenNames": string, "birthDate": string, "sex": nullableString, "nationality": string],
            // Fields outside the reader's agency mandate are left out (Mandate).
            required: ["id"]
        )
        let stay = object([
            "rule": ["type": ["object", "null"], "properties": ["maxDays": integer, "windowDays": integer]],
            "daysUsed": integer, "daysRemaining": ["type": ["integer", "null"]], "latestExit": nullableString,
            "overstayDays": integer, "stayStarted": nullableString,
        ])
        let hit = object(
            [
                "id": string, "checkId": string, "alertId": string, "list": string, "action": string, "band": string,
                "score": ["type": "number"], "reasons": ["type": "array", "items": string],
                "status": ["type": "string", "enum": ["open", "confirmed", "dismissed", "cleared"]],
                "resolvedBy": nullableString, "resolvedAt": nullableString, "resolutionReason": nullableString,
                "evidence": [
                    "type": ["array", "null"],
                    "description": "What matched, field by field, for the officer to weigh",
                    "items": ["type": "object"],
                ],
                "seenAt": ["type": ["string", "null"], "description": "When the hit was raised (in a traveller's history)"],
            ],
            // Fields outside the reader's agency mandate are left out (Mandate).
            required: ["id", "checkId"]
        )
        let crossing = object(
            [
                "id": string, "checkId": string, "stage": ["type": "string", "enum": ["first", "second"]], "travellerId": string,
                "bcp": string, "lane": string, "direction": direction, "officerId": string, "decision": decision,
                "ground": nullableString, "note": nullableString, "stayBasis": string, "day": string,
                "checkStartedAt": string, "decidedAt": string, "authorisedUntil": nullableString,
            ],
            // Fields outside the reader's agency mandate are left out (Mandate).
            required: ["id", "checkId", "travellerId"]
        )
        let user = object(
            [
                "id": string, "username": string, "displayName": string, "agencyId": nullableString, "homeBcp": nullableString,
                "roles": ["type": "array", "items": ["type": "string", "enum": Role.allCases.map(\.rawValue)]],
                "bcps": ["type": "array", "items": string], "language": string, "active": ["type": "boolean"],
            ],
            required: ["id", "username", "roles"]
        )
        let secondLineCase = object(
            [
                "id": string, "checkId": string, "traveller": ref("Traveller"), "bcp": string, "openedAt": string,
                "openedBy": string, "note": nullableString, "status": string, "closedAt": nullableString, "closedBy": nullableString,
                "decision": ["type": ["string", "null"], "description": "admit or refuse, once the second line decided"],
                "verdict": verdictLevel, "openHits": integer,
            ],
            required: ["id", "checkId", "traveller", "bcp", "openedAt", "status"]
        )
        let bcp = object(
            [
                "code": ["type": "string", "minLength": 1, "maxLength": 20], "name": ["type": "string", "minLength": 1],
                "kind": ["type": "string", "enum": ["air", "land", "sea"]],
                "country": ["type": "string", "pattern": "^[A-Z<]{1,3}$", "description": "An ICAO Doc 9303 country code"],
                "agencyId": nullableString,
                "oneStop": [
                    "type": ["object", "null"],
                    "description": "A one-stop border post: the partner country and its code for the post",
                    "properties": ["partner": string, "partnerBcp": string], "required": ["partner", "partnerBcp"],
                ],
                "lanes": [
                    "type": "array",
                    "items": object(
                        ["code": ["type": "string", "minLength": 1], "name": ["type": "string", "minLength": 1]],
                        required: ["code", "name"]
                    ),
                ],
            ],
            required: ["code", "name", "kind", "country", "lanes"]
        )
        let check = object(
            [
                "id": string, "traveller": ref("Traveller"), "document": ["type": "object"], "bcp": string, "lane": string,
                "direction": direction, "officerId": string, "startedAt": string, "checkedAt": string,
                "verdict": object(["level": verdictLevel, "reasons": array("Reason")]), "stay": ref("Stay"), "stayBasis": string,
                "documentChecks": ["type": "array"], "hits": array("Hit"),
            ],
            required: ["id", "traveller", "verdict"]
        )
        return [
            "Any": ["type": "object"],
            "Empty": ["type": "null"],
            "Error": object(
                ["error": object(["code": string, "field": nullableString, "message": string], required: ["code", "message"])],
                required: ["error"]
            ),
            "Health": object(
                [
                    "status": ["type": "string", "enum": ["ok", "unavailable"]], "version": string,
                    "engine": ["type": "string", "enum": ["sqlite", "postgres"]], "reason": string,
                    "screening": object(
                        ["ready": ["type": "boolean"], "alerts": integer, "version": integer],
                        required: ["ready", "alerts", "version"]
                    ),
                ],
                required: ["status", "version"]
            ),
            "LoginRequest": object(
                ["username": string, "password": string, "kind": ["type": "string", "enum": ["device", "web"]], "label": string],
                required: ["username", "password"]
            ),
            "LoginResponse": object(["token": string, "kind": string, "expiresAt": string, "user": ref("User")], required: ["token", "user"]),
            "User": user,
            "UserList": array("User"),
            "NewUserRequest": object(
                [
                    "username": ["type": "string", "pattern": "^[a-z0-9._-]{2,40}$"], "displayName": ["type": "string", "minLength": 1],
                    "password": ["type": "string", "minLength": 10], "agencyId": string, "homeBcp": string,
                    "roles": ["type": "array", "minItems": 1, "items": ["type": "string", "enum": Role.allCases.map(\.rawValue)]],
                    "bcps": ["type": "array", "items": string], "language": ["type": "string", "enum": ["en", "fr", "ar", "ru"]],
                ],
                required: ["username", "displayName", "roles"]
            ),
            "CheckRequest": object(
                [
                    "mrz": ["type": "string", "description": "The MRZ as read: 2 or 3 lines"],
                    "document": object(
                        [
                            "documentCode": string, "issuer": string, "number": string, "surname": string, "givenNames": string,
                            "nationality": string, "birthDate": ["type": "string", "format": "date"], "sex": string,
                            "expiry": ["type": "string", "format": "date"],
                        ],
                        required: ["issuer", "number", "surname", "givenNames", "nationality", "birthDate", "expiry"]
                    ),
                    "visaMrz": string, "bcp": string, "lane": string, "direction": direction,
                    "stayBasis": ["type": "string", "enum": StayBasis.allCases.map(\.rawValue)], "startedAt": string,
                ],
                required: ["bcp", "lane", "direction"]
            ),
            "CheckResponse": object(
                [
                    "checkId": string, "verdict": verdictLevel, "reasons": array("Reason"), "traveller": ref("Traveller"),
                    "document": ref("DocumentSummary"), "hits": array("Hit"), "stay": ref("Stay"), "stayBasis": string,
                    "lastCrossings": array("Crossing"), "bcp": string, "lane": string, "direction": direction,
                    "startedAt": string, "checkedAt": string,
                ],
                required: ["checkId", "verdict", "reasons", "traveller", "hits", "stay"]
            ),
            "DocumentSummary": object(
                [
                    "kind": string, "code": string, "issuer": string, "number": string, "surname": string, "givenNames": string,
                    "nameMayBeTruncated": [
                        "type": "boolean",
                        "description": "The name filled the MRZ and may be cut short: read the whole name on the printed page",
                    ],
                    "nationality": string, "birthDate": nullableString, "sex": nullableString, "expiry": nullableString,
                    "checks": [
                        "type": "array",
                        "items": object(
                            [
                                "code": ["type": "string", "enum": DocumentCheck.Code.allCases.map(\.rawValue)],
                                "severity": ["type": "string", "enum": ["information", "warning", "failure"]], "message": string,
                                "fields": ["type": "array", "items": string],
                            ],
                            required: ["code", "severity", "message", "fields"]
                        ),
                    ],
                ],
                required: ["kind", "code", "issuer", "number", "surname", "givenNames", "nameMayBeTruncated", "nationality", "checks"]
            ),
            "Check": check,
            "Reason": reason,
            "Traveller": traveller,
            "Stay": stay,
            "Hit": hit,
            "CrossingRequest": object(
                [
                    "checkId": string, "decision": decision, "ground": string, "note": string,
                    "protectionFlag": object(
                        ["kind": ["type": "string", "enum": ProtectionKind.allCases.map(\.rawValue)], "note": string],
                        required: ["kind"]
                    ),
                ],
                required: ["checkId", "decision"]
            ),
            "Crossing": crossing,
            "Case": secondLineCase,
            "CaseList": array("Case"),
            "CaseDetail": object(["case": ref("Case"), "check": ref("Check")], required: ["case", "check"]),
            "CaseDecisionRequest": object(
                ["decision": ["type": "string", "enum": ["admit", "refuse"]], "ground": string, "note": string],
                required: ["decision"]
            ),
            "HitResolutionRequest": object(
                ["resolution": ["type": "string", "enum": ["confirm", "dismiss"]], "reason": string],
                required: ["resolution", "reason"]
            ),
            "TravellerHistory": object(
                ["traveller": ref("Traveller"), "documents": ["type": "array"], "crossings": array("Crossing"), "hits": array("Hit")],
                required: ["traveller"]
            ),
            "Overstayer": object(
                ["traveller": ref("Traveller"), "entered": string, "bcp": string, "authorisedUntil": string, "daysOver": integer],
                required: ["traveller", "authorisedUntil", "daysOver"]
            ),
            "OverstayerList": array("Overstayer"),
            "BCP": bcp,
            "BCPList": array("BCP"),
            "Mandate": object(
                [
                    "reads": [
                        "type": "object",
                        "description": "Per kind of record, the fields its users may read",
                        "propertyNames": ["enum": RecordKind.allCases.map(\.rawValue)],
                        "additionalProperties": ["type": "array", "items": string],
                    ],
                    "actions": ["type": "array", "items": ["type": "string", "enum": Permission.allCases.map(\.rawValue)]],
                ],
                required: ["reads", "actions"]
            ),
            "Agency": object(
                ["id": string, "name": string, "kind": string, "mandate": ref("Mandate")],
                required: ["id", "name", "kind", "mandate"]
            ),
            "AgencyList": array("Agency"),
            "AgreementTerm": object(
                [
                    "level": ["type": "string", "enum": SharingLevel.allCases.map(\.rawValue)],
                    "fields": ["type": "array", "items": string],
                    "answerHours": [
                        "type": ["integer", "null"], "minimum": 1, "maximum": 720,
                        "description": "For information_request: hours the receiving side has to answer",
                    ],
                ],
                required: ["level", "fields"]
            ),
            "Agreement": object(
                [
                    "id": string, "version": integer, "title": string, "instrument": string, "article": string, "partner": string,
                    "validFrom": ["type": "string", "format": "date"], "validUntil": nullableString,
                    "status": ["type": "string", "enum": SharingAgreement.Status.allCases.map(\.rawValue)],
                    "terms": [
                        "type": "object", "propertyNames": ["enum": ExchangeKind.allCases.map(\.rawValue)],
                        "additionalProperties": ref("AgreementTerm"),
                    ],
                ],
                required: ["id", "version", "title", "instrument", "article", "partner", "validFrom", "status", "terms"]
            ),
            "AgreementList": array("Agreement"),
            "AgreementRequest": object(
                [
                    "title": ["type": "string", "minLength": 1], "instrument": ["type": "string", "minLength": 1],
                    "article": ["type": "string", "minLength": 1], "partner": ["type": "string", "pattern": "^[A-Z<]{1,3}$"],
                    "validFrom": ["type": "string", "format": "date"], "validUntil": ["type": "string", "format": "date"],
                    "status": ["type": "string", "enum": SharingAgreement.Status.allCases.map(\.rawValue)],
                    "terms": [
                        "type": "object", "propertyNames": ["enum": ExchangeKind.allCases.map(\.rawValue)],
                        "additionalProperties": ref("AgreementTerm"),
                    ],
                ],
                required: ["title", "instrument", "article", "partner", "validFrom", "terms"]
            ),
            "AgreementVersion": object(
                ["agreement": ref("Agreement"), "recordedBy": string, "recordedAt": string],
                required: ["agreement", "recordedBy", "recordedAt"]
            ),
            "AgreementVersionList": array("AgreementVersion"),
            "Partner": object(
                [
                    "country": string, "name": string, "url": string, "publicKey": string, "lastContact": nullableString,
                    "lastError": nullableString,
                ],
                required: ["country", "name", "url", "publicKey"]
            ),
            "PartnerList": array("Partner"),
            "PartnerRequest": object(
                [
                    "name": ["type": "string", "minLength": 1], "url": ["type": "string", "format": "uri"],
                    "publicKey": ["type": "string", "pattern": "^ed25519:"],
                ],
                required: ["name", "url", "publicKey"]
            ),
            "ExchangePublicKey": object(["publicKey": string], required: ["publicKey"]),
            "ExchangeRequestAsk": object(["question": ["type": "string", "minLength": 1]], required: ["question"]),
            "ExchangeRequestAnswer": object(["answer": ["type": "string", "minLength": 1]], required: ["answer"]),
            "ExchangeRequest": object(
                [
                    "id": string, "partner": string, "direction": ["type": "string", "enum": ["incoming", "outgoing"]], "alertId": string,
                    "hitId": nullableString, "question": string, "person": ["type": "object", "additionalProperties": string],
                    "agreement": string, "agreementVersion": integer, "askedAt": string, "askedBy": string, "dueAt": string,
                    "answer": nullableString, "answeredAt": nullableString, "answeredBy": nullableString, "late": ["type": "boolean"],
                ],
                required: ["id", "partner", "direction", "alertId", "question", "agreement", "askedAt", "dueAt", "late"]
            ),
            "ExchangeRequestList": array("ExchangeRequest"),
            "ExchangeLogEntry": object(
                [
                    "partner": string, "seq": integer, "id": string, "kind": string, "action": string, "record": string, "agreement": string,
                    "agreementVersion": integer, "message": ["type": "string", "description": "The message exactly as it travelled"],
                    "at": string, "by": string, "state": ["type": "string", "enum": ["waiting", "accepted", "refused"]],
                    "outcomeAt": nullableString, "reason": nullableString,
                ],
                required: ["partner", "seq", "id", "kind", "action", "record", "agreement", "message", "at", "by", "state"]
            ),
            "ExchangeLog": array("ExchangeLogEntry"),
            "OneStopCheckRequest": object(["lane": ["type": "string", "minLength": 1]], required: ["lane"]),
            "OneStopOperation": object(
                [
                    "id": string, "direction": ["type": "string", "enum": ["outgoing", "incoming"]], "partner": string, "bcp": string,
                    "crossingId": nullableString, "checkId": nullableString, "person": ["type": "object"],
                    "state": ["type": "string", "enum": ["waiting", "done", "refused", "to_check", "checked", "decided"]],
                    "reason": nullableString, "createdAt": string, "completedAt": nullableString,
                ],
                required: ["id", "direction", "partner", "bcp", "person", "state", "createdAt"]
            ),
            "OneStopOperationList": array("OneStopOperation"),
            "ExchangeDelivery": object(
                ["messages": ["type": "array", "items": object(["message": string, "signature": string], required: ["message", "signature"])]],
                required: ["messages"]
            ),
            "ExchangeReceipt": object(
                [
                    "outcomes": [
                        "type": "array",
                        "items": object(
                            ["seq": integer, "state": ["type": "string", "enum": ["accepted", "refused"]], "reason": nullableString],
                            required: ["seq", "state"]
                        ),
                    ],
                    "expected": ["type": ["integer", "null"], "description": "The number expected next, when the delivery stopped at a gap"],
                ],
                required: ["outcomes"]
            ),
            "AgencyRequest": object(
                [
                    "name": ["type": "string", "minLength": 1],
                    "kind": ["type": "string", "pattern": "^[A-Za-z_]{1,40}$"],
                    "mandate": ref("Mandate"),
                ],
                required: ["name", "kind"]
            ),
            "MandateCatalogue": object(
                [
                    "kinds": ["type": "array", "items": object(["kind": string, "fields": ["type": "array", "items": string]])],
                    "actions": ["type": "array", "items": object(["action": string, "needs": ["type": "object"]])],
                    "presets": ["type": "array", "items": object(["kind": string, "mandate": ref("Mandate")])],
                ],
                required: ["kinds", "actions", "presets"]
            ),
            "ProtectionFlagRequest": object(
                [
                    "kind": ["type": "string", "enum": ProtectionKind.allCases.map(\.rawValue)],
                    "stage": ["type": "string", "enum": ["first", "second", "later"]], "checkId": string, "note": string,
                ],
                required: ["kind"]
            ),
            "ProtectionFlag": object(
                [
                    "id": string, "travellerId": string, "kind": string, "stage": string, "checkId": nullableString,
                    "note": nullableString, "raisedBy": string, "raisedAt": string, "status": string,
                ],
                required: ["id", "travellerId", "kind", "stage", "raisedBy", "raisedAt", "status"]
            ),
            "ProtectionFlagList": array("ProtectionFlag"),
            "PersonWithoutDocumentsRequest": object(
                [
                    "bcp": string, "arrival": ["type": "string", "enum": ArrivalMode.allCases.map(\.rawValue)], "surname": string,
                    "givenNames": string, "birthDate": ["type": "string", "format": "date"],
                    "estimatedAge": ["type": "integer", "minimum": 0, "maximum": 120], "sex": ["type": "string", "enum": ["M", "F", "X"]],
                    "nationality": string, "languages": string, "group": string, "description": string,
                    "protectionFlag": object(
                        ["kind": ["type": "string", "enum": ProtectionKind.allCases.map(\.rawValue)], "note": string],
                        required: ["kind"]
                    ),
                ],
                required: ["bcp", "arrival"]
            ),
            "RegisteredPerson": object(
                [
                    "travellerId": string, "bcp": string, "registeredBy": string, "registeredAt": string, "openProtectionFlags": integer,
                    "person": object(
                        [
                            "surname": string, "givenNames": string, "birthDate": string, "estimatedAge": integer, "sex": string,
                            "nationality": string, "languages": string, "arrival": string, "group": string, "description": string,
                        ],
                        required: ["arrival"]
                    ),
                ],
                required: ["travellerId", "person", "bcp", "registeredBy", "registeredAt", "openProtectionFlags"]
            ),
            "RegisteredPersonList": array("RegisteredPerson"),
            "OpenProtectionFlagList": [
                "type": "array",
                "items": object(
                    ["flag": ["$ref": "#/components/schemas/ProtectionFlag"], "traveller": ["type": "object"], "bcp": nullableString],
                    required: ["flag", "traveller"]
                ),
            ],
            "VulnerabilityIndicators": object(
                [
                    "indicators": [
                        "type": "array",
                        "minItems": 1,
                        "items": object(
                            [
                                "code": ["type": "string", "pattern": "^\\S+$"],
                                "domain": ["type": "string", "enum": ProtectionKind.allCases.map(\.rawValue)],
                                "text": ["type": "string", "pattern": "\\S"],
                            ],
                            required: ["code", "domain", "text"]
                        ),
                    ]
                ],
                required: ["indicators"]
            ),
            "VulnerabilityAssessmentRequest": object(
                [
                    "level": ["type": "string", "enum": InterventionLevel.allCases.map(\.rawValue)],
                    "findings": ["type": "array", "items": object(["code": string, "evidence": string], required: ["code", "evidence"])],
                    "note": string,
                ],
                required: ["level", "findings"]
            ),
            "VulnerabilityAssessment": object(
                [
                    "id": string, "travellerId": string, "assessorId": string, "assessedAt": string, "level": string,
                    "findings": ["type": "array", "items": object(["code": string, "evidence": string])], "note": nullableString,
                ],
                required: ["id", "travellerId", "assessorId", "assessedAt", "level", "findings"]
            ),
            "VulnerabilityAssessmentList": array("VulnerabilityAssessment"),
            "AgeAssessmentRequest": object(["claimedAge": integer, "doubt": string, "guardian": string], required: ["claimedAge", "doubt"]),
            "AgeConclusionRequest": object(
                [
                    "methods": ["type": "array", "items": ["type": "string", "enum": AgeAssessmentMethod.allCases.map(\.rawValue)]],
                    "professionals": ["type": "array", "items": object(["role": string, "name": string], required: ["role", "name"])],
                    "minAge": integer, "maxAge": integer, "appeal": string,
                ],
                required: ["methods", "professionals", "minAge", "maxAge"]
            ),
            "AgeAssessment": object(
                [
                    "id": string, "travellerId": string, "claimedAge": integer, "doubt": string, "guardian": nullableString,
                    "status": string, "methods": ["type": "array"], "professionals": ["type": "array"],
                    "minAge": ["type": ["integer", "null"]], "maxAge": ["type": ["integer", "null"]],
                    "recordedAge": ["type": ["integer", "null"]], "appeal": nullableString, "openedBy": string, "openedAt": string,
                    "closedBy": nullableString, "closedAt": nullableString,
                ],
                required: ["id", "travellerId", "claimedAge", "doubt", "status"]
            ),
            "AgeAssessmentList": array("AgeAssessment"),
            "Service": object(
                [
                    "id": string, "name": string,
                    "kinds": ["type": "array", "items": ["type": "string", "enum": ProtectionKind.allCases.map(\.rawValue)]],
                    "area": nullableString, "contact": nullableString, "agencyId": nullableString, "acceptanceHours": integer,
                ],
                required: ["id", "name", "kinds", "acceptanceHours"]
            ),
            "ServiceList": array("Service"),
            "ServiceRequest": object(
                [
                    "name": ["type": "string", "pattern": "\\S"],
                    "kinds": ["type": "array", "minItems": 1, "items": ["type": "string", "enum": ProtectionKind.allCases.map(\.rawValue)]],
                    "area": string, "contact": string, "agencyId": string, "acceptanceHours": ["type": "integer", "minimum": 1, "maximum": 720],
                ],
                required: ["name", "kinds"]
            ),
            "ReferralProposalList": ["type": "array", "items": object(["kind": string, "services": ["type": "array", "items": ref("Service")]])],
            "ReferralRequest": object(
                [
                    "serviceId": string, "kind": string,
                    "shares": ["type": "array", "items": ["type": "string", "enum": SharedData.allCases.map(\.rawValue)]],
                    "consent": ["type": "object", "additionalProperties": ["type": "boolean"]],
                ],
                required: ["serviceId", "kind", "shares", "consent"]
            ),
            "Referral": object(
                [
                    "id": string, "travellerId": string, "serviceId": string, "kind": string,
                    "status": ["type": "string", "enum": ReferralStatus.allCases.map(\.rawValue)], "shares": ["type": "array"],
                    "consent": ["type": "object"], "overrideReason": nullableString, "sentBy": string, "sentAt": string,
                    "deadline": nullableString, "respondedBy": nullableString, "respondedAt": nullableString,
                    "responseReason": nullableString, "outcome": nullableString, "outcomeReason": nullableString, "overrideBy": nullableString,
                ],
                required: ["id", "travellerId", "serviceId", "kind", "status", "shares", "consent", "sentBy", "sentAt"]
            ),
            "ReferralList": array("Referral"),
            "PartnerReferralList": [
                "type": "array",
                "items": object(
                    [
                        "referral": ref("Referral"), "traveller": ["type": ["object", "null"]], "protectionNotes": ["type": ["array", "null"]],
                        "findings": ["type": ["array", "null"]],
                    ],
                    required: ["referral"]
                ),
            ],
            "ReasonRequest": object(["reason": string], required: ["reason"]),
            "ReferralResponseRequest": object(["accept": ["type": "boolean"], "reason": string], required: ["accept"]),
            "ReferralOutcomeRequest": object(["provided": ["type": "boolean"], "reason": string], required: ["provided"]),
            "ClosureRequest": object(["reason": string], required: ["reason"]),
            "InformationRequest": object(["leaflet": string, "language": string], required: ["leaflet", "language"]),
            "InformationGiven": object(
                ["id": string, "travellerId": string, "leaflet": string, "language": string, "givenAt": string, "givenBy": string],
                required: ["id", "travellerId", "leaflet", "language", "givenAt", "givenBy"]
            ),
            "InformationGivenList": array("InformationGiven"),
            "ProtectionStatistics": object(
                [
                    "from": string, "to": string, "flagsByKind": ["type": "object"], "openFlagsByKind": ["type": "object"],
                    "vulnerabilityChecksByLevel": ["type": "object"], "ageAssessmentsOpened": integer,
                    "ageAssessmentsRecordingAChild": integer, "safeguardReviews": integer, "referralsByKind": ["type": "object"],
                    "referralsByStatus": ["type": "object"], "referralOutcomes": ["type": "object"],
                ],
                required: ["from", "to", "flagsByKind", "openFlagsByKind"]
            ),
            "SafeguardReviewRequest": object(["reasons": string], required: ["reasons"]),
            "SafeguardReview": object(
                ["id": string, "checkId": string, "reviewerId": string, "reviewedAt": string, "reasons": string],
                required: ["id", "checkId", "reviewerId", "reviewedAt", "reasons"]
            ),
            "StatTable": object(
                [
                    "measure": string, "from": ["type": "string", "format": "date"], "to": ["type": "string", "format": "date"],
                    "by": ["type": "array", "items": string], "every": string,
                    "filters": ["type": "object", "additionalProperties": ["type": "array", "items": string]],
                    "protected": ["type": "boolean"], "indicators": ["type": "array", "items": string], "total": integer,
                    "cells": [
                        "type": "array",
                        "items": object(
                            [
                                "coordinates": ["type": "array", "items": string], "value": integer,
                                "status": ["type": "string", "enum": ["primary", "secondary"]], "yearEarlier": integer,
                            ],
                            required: ["coordinates"]
                        ),
                    ],
                ],
                required: ["measure", "from", "to", "by", "every", "filters", "protected", "cells"]
            ),
            "DisclosureRules": object(["threshold": integer, "protectionInterval": integer], required: ["threshold", "protectionInterval"]),
            "ProtectedFile": object(["rules": ref("DisclosureRules"), "table": ref("StatTable")], required: ["rules", "table"]),
            "Release": object(
                [
                    "id": string, "title": string, "rules": ref("DisclosureRules"), "publishedAt": string, "publishedBy": string,
                    "contentHash": string, "withdrawn": ["type": "boolean"], "withdrawnAt": string, "withdrawnReason": string,
                    "tables": array("StatTable"),
                ],
                required: ["id", "title", "rules", "publishedAt", "publishedBy", "contentHash", "withdrawn", "tables"]
            ),
            "ReleaseList": array("Release"),
            "ReleaseRequest": object(
                [
                    "title": ["type": "string", "minLength": 1, "maxLength": 200], "rules": ref("DisclosureRules"),
                    "tables": [
                        "type": "array", "minItems": 1, "maxItems": 12,
                        "items": object(
                            [
                                "measure": ["type": "string", "enum": StatMeasure.allCases.map(\.rawValue)], "period": string, "from": string,
                                "to": string, "by": ["type": "array", "items": string], "every": string,
                                "filters": ["type": "object", "additionalProperties": ["type": "array", "items": string]],
                                "indicators": ["type": "array", "items": string],
                            ],
                            required: ["measure"]
                        ),
                    ],
                ],
                required: ["title", "tables"]
            ),
            "WithdrawRequest": object(["reason": ["type": "string", "minLength": 3, "maxLength": 500]], required: ["reason"]),
            "Duration": object(
                ["count": integer, "medianSeconds": ["type": "number"], "p90Seconds": ["type": "number"]],
                required: ["count"]
            ),
            "ProcessingTimes": object(
                [
                    "bcp": string, "from": string, "to": string, "firstLine": ref("Duration"), "secondLine": ref("Duration"),
                    "byHour": [
                        "type": "array",
                        "items": object(
                            ["weekday": integer, "hour": integer, "firstLine": ref("Duration"), "secondLine": ref("Duration")],
                            required: ["weekday", "hour", "firstLine", "secondLine"]
                        ),
                    ],
                    "queues": array("LaneQueue"),
                ],
                required: ["from", "to", "firstLine", "secondLine", "byHour", "queues"]
            ),
            "LaneQueue": object(
                [
                    "bcp": string, "lane": string, "waiting": integer, "reportedAt": string, "decidedLastHour": integer,
                    "estimatedWaitMinutes": ["type": "number"],
                ],
                required: ["bcp", "lane", "waiting", "reportedAt", "decidedLastHour"]
            ),
            "LaneQueueList": array("LaneQueue"),
            "QueueReport": object(
                ["bcp": string, "lane": string, "waiting": ["type": "integer", "minimum": 0, "maximum": 10000]],
                required: ["bcp", "lane", "waiting"]
            ),
            "Indicator": object(
                ["id": string, "framework": string, "title": string, "definition": string, "measures": ["type": "array", "items": string]],
                required: ["id", "framework", "title", "definition", "measures"]
            ),
            "IndicatorList": array("Indicator"),
            "StatisticsSettings": object(
                [
                    "ageBands": ["type": "array", "items": ["type": "integer", "minimum": 1, "maximum": 120], "minItems": 1],
                    "rules": ref("DisclosureRules"),
                ],
                required: ["ageBands", "rules"]
            ),
            "BCPDayStatistics": object(
                [
                    "bcp": string, "day": ["type": "string", "format": "date"],
                    "hours": ["type": "array", "items": object(["hour": integer, "entries": integer, "exits": integer])],
                    "entries": integer, "exits": integer, "admitted": integer, "referred": integer, "refused": integer,
                    "openCases": integer, "medianProcessingSeconds": ["type": ["number", "null"]],
                    "p90ProcessingSeconds": ["type": ["number", "null"]],
                ],
                required: ["bcp", "day", "hours", "entries", "exits", "openCases"]
            ),
            "EntryPolicy": object(
                [
                    "country": string, "groups": ["type": "array"], "defaultGroup": ["type": "object"],
                    "refusalGrounds": [
                        "type": "array", "minItems": 1,
                        "items": object(
                            ["code": ["type": "string", "minLength": 1], "text": ["type": "string", "minLength": 1]],
                            required: ["code", "text"]
                        ),
                    ],
                    "refusalLookbackDays": ["type": "integer", "minimum": 0],
                    "entryWithoutExit": [
                        "type": "string", "enum": Verdict.Level.allCases.map(\.rawValue),
                        "description": "What an entry says when the traveller's last recorded crossing was an entry too",
                    ],
                ],
                required: ["country", "groups", "defaultGroup", "refusalGrounds"]
            ),
            "Node": object(
                [
                    "id": string, "bcps": ["type": "array", "items": string], "publicKey": string, "enrolledAt": string, "enrolledBy": string,
                    "appliedSeq": integer, "lastContact": nullableString, "referenceVersion": nullableString,
                    "watchlistVersion": ["type": ["integer", "null"]], "revokedAt": nullableString, "conflicts": integer,
                    "lastRefusal": nullableString, "auditEvents": integer,
                ],
                required: ["id", "bcps", "publicKey", "enrolledAt", "enrolledBy", "appliedSeq", "conflicts", "auditEvents"]
            ),
            "NodeList": array("Node"),
            "NodeEnrolment": object(
                ["id": string, "bcps": ["type": "array", "items": string], "publicKey": string],
                required: ["id", "bcps", "publicKey"]
            ),
            "SyncValue": ["type": ["string", "integer", "number", "null"]],
            "SyncRecord": ["type": "object", "additionalProperties": ref("SyncValue")],
            "SyncConflictList": array("SyncConflict"),
            "SyncConflict": object(
                [
                    "id": string, "node": string, "seq": integer, "table": string, "recordKey": string, "operation": string, "reason": string,
                    "at": string, "differences": ["type": "array", "items": string], "valuesShown": ["type": "boolean"],
                    "postRow": ["oneOf": [ref("SyncRecord"), ["type": "null"]]], "prior": ["oneOf": [ref("SyncRecord"), ["type": "null"]]],
                    "current": ["oneOf": [ref("SyncRecord"), ["type": "null"]]],
                    "judgement": [
                        "oneOf": [
                            object(
                                [
                                    "outcome": ["type": "string", "enum": ["headquarters_stands", "corrected_by_hand"]], "note": string, "by": string,
                                    "at": string,
                                ],
                                required: ["outcome", "note", "by", "at"]
                            ),
                            ["type": "null"],
                        ]
                    ],
                ],
                required: ["id", "node", "seq", "table", "recordKey", "operation", "reason", "at", "differences", "valuesShown"]
            ),
            "ConflictJudgementRequest": object(
                ["outcome": ["type": "string", "enum": ["headquarters_stands", "corrected_by_hand"]], "note": string],
                required: ["outcome", "note"]
            ),
            "SyncBatch": object(
                [
                    "node": string,
                    "changes": [
                        "type": "array",
                        "items": object(
                            [
                                "seq": integer, "table": string, "operation": ["type": "string", "enum": ["insert", "update"]],
                                "row": ref("SyncRecord"), "before": ["oneOf": [ref("SyncRecord"), ["type": "null"]]],
                            ],
                            required: ["seq", "table", "operation", "row"]
                        ),
                    ],
                ],
                required: ["node", "changes"]
            ),
            "SyncAcknowledgement": object(["node": string, "applied": integer, "conflicts": integer], required: ["node", "applied", "conflicts"]),
            "ReferenceCopy": object(
                [
                    "version": string, "watchlistVersion": integer,
                    "tables": ["type": "object", "additionalProperties": ["type": "array", "items": ref("SyncRecord")]],
                    "alerts": ["type": ["array", "null"], "items": ref("SyncRecord")],
                    "alertsSince": ["type": ["integer", "null"]],
                    "alertRemovals": ["type": ["array", "null"], "items": string],
                ],
                required: ["version", "watchlistVersion", "tables"]
            ),
            "ServiceCrossings": object(
                [
                    "next": integer, "more": ["type": "boolean"],
                    "records": [
                        "type": "array",
                        "items": object(
                            [
                                "traveller": ref("SyncRecord"), "document": ref("SyncRecord"), "check": ref("SyncRecord"),
                                "crossing": ref("SyncRecord"),
                            ],
                            required: ["traveller", "document", "check", "crossing"]
                        ),
                    ],
                ],
                required: ["next", "more", "records"]
            ),
            "AuditVerification": object(
                [
                    "intact": ["type": "boolean"], "events": integer, "records": integer, "checkpoints": integer, "problem": nullableString,
                    "problems": ["type": "array", "items": ["type": "string"]],
                ],
                required: ["intact", "events", "records", "checkpoints", "problems"]
            ),
        ]
    }

    /// Operations that answer 409 when the record has moved on.
    static let conflicts: Set<String> = [
        "post /api/v1/users", "post /api/v1/nodes", "post /api/v1/conflicts/{id}/judgement",
        "post /api/v1/crossings", "post /api/v1/second-line/cases/{id}/decision", "post /api/v1/hits/{id}/resolution",
        "post /api/v1/checks/{id}/safeguard-review", "post /api/v1/age-assessments/{id}/conclusion",
        "post /api/v1/protection-flags/{id}/closure", "post /api/v1/referrals/{id}/consent-override", "post /api/v1/referrals/{id}/response",
        "post /api/v1/referrals/{id}/outcome", "post /api/v1/referrals/{id}/revocation", "post /api/v1/releases/{id}/withdraw",
    ]

    @_optimize(none)
    static func makeJSON() -> Data {
        var paths: [String: JSON] = [:]
        for operation in operations() {
            var responses: JSON = [:]
            if operation.status == "204" {
                responses["204"] = ["description": "Done"]
            } else if !operation.files.isEmpty {
                var content: JSON = [:]
                for type in operation.files { content[type] = ["schema": type == "application/json" ? ref(operation.response) : string] }
                responses[operation.status] = ["description": "The file", "content": content]
            } else {
                responses[operation.status] = [
                    "description": "Success",
                    "content": ["application/json": ["schema": ref(operation.response)]],
                ]
            }
            let errorContent: JSON = ["application/json": ["schema": ref("Error")]]
            let retryAfter: JSON = ["Retry-After": ["description": "Seconds to wait", "schema": integer]]
            if operation.request != nil || !operation.parameters.isEmpty {
                responses["400"] = ["description": "Malformed request: the error names the field", "content": errorContent]
                responses["422"] = ["description": "A field's value is refused: the error names it", "content": errorContent]
            }
            if operation.request != nil {
                responses["413"] = ["description": "The body is over 1 MiB", "content": errorContent]
                responses["415"] = ["description": "The body is not application/json", "content": errorContent]
            }
            if operation.path.contains("{") {
                responses["404"] = ["description": "No record with this id", "content": errorContent]
            }
            if let permission = operation.permission {
                responses["401"] = ["description": "Not logged in", "content": errorContent]
                if permission != "any user" {
                    responses["403"] = [
                        "description": "Missing permission \(permission), or the BCP or traveller is not the user's", "content": errorContent,
                    ]
                }
            }
            if conflicts.contains("\(operation.method) \(operation.path)") {
                responses["409"] = [
                    "description": "The record is no longer where this change applies (already decided, closed...)", "content": errorContent,
                ]
            }
            if operation.path == "/health" {
                responses["503"] = [
                    "description": "The server cannot serve checks; the reason says why", "content": ["application/json": ["schema": ref("Health")]],
                ]
            }
            for status in operation.errors {
                switch status {
                case "204": responses[status] = ["description": "Nothing new"]
                case "401" where operation.signedByPartner:
                    responses[status] = [
                        "description": "Not a partner of this service, or a message not signed with its pinned key; nothing is stored",
                        "content": errorContent,
                    ]
                case "401" where operation.signedByNode:
                    responses[status] = [
                        "description": "Not an enrolled post, revoked, or not signed with its enrolled key", "content": errorContent,
                    ]
                case "409" where operation.signedByNode:
                    responses[status] = [
                        "description": "The batch starts after a gap: the header names the number expected next",
                        "headers": [SyncMessage.expectedHeader: ["description": "The next outbox number expected", "schema": integer]],
                        "content": errorContent,
                    ]
                case "401": responses[status] = ["description": "Wrong username or password", "content": errorContent]
                case "429":
                    responses[status] = [
                        "description": "Too many failed logins for the account or the address", "headers": retryAfter, "content": errorContent,
                    ]
                case "503":
                    responses[status] = ["description": "Too many logins at once", "headers": retryAfter, "content": errorContent]
                case "404": responses[status] = ["description": "No record with the id the body names", "content": errorContent]
                default: responses[status] = ["description": "Error", "content": errorContent]
                }
            }
            var entry: JSON = [
                "summary": operation.summary,
                "operationId": operation.method + operation.path.replacingOccurrences(of: "/", with: "_"),
                "responses": responses,
            ]
            if let permission = operation.permission {
                entry["security"] = [["bearer": [String]()]]
                entry["x-limes-permission"] = permission
            } else {
                entry["security"] = [JSON]()
            }
            if operation.signedByNode { entry["x-limes-signed-by"] = "node" }
            if operation.signedByPartner { entry["x-limes-signed-by"] = "partner" }
            if !operation.parameters.isEmpty { entry["parameters"] = operation.parameters }
            if let request = operation.request {
                entry["requestBody"] = ["required": true, "content": ["application/json": ["schema": ref(request)]]]
            }
            paths[operation.path, default: [:]][operation.method] = entry
        }
        let document: JSON = [
            "openapi": "3.1.0",
            "info": [
                "title": "Limes API",
                "version": Limes.version,
                "description": "Border crossing service: checks, crossings, second line, travellers. Errors are {\"error\": {code, field, message}}.",
            ],
            "paths": paths,
            "components": [
                "schemas": schemas(),
                "securitySchemes": ["bearer": ["type": "http", "scheme": "bearer"]],
            ],
        ]
        return (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .prettyPrinted])) ?? Data()
    }
}

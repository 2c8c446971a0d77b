import Foundation
import Hummingbird
import LimesCore
import LimesStore

/// Releases: composed and previewed by an analyst, protected across their tables and against
/// earlier releases, stored as published, withdrawn only with a reason; and their files.
struct ReleaseController {
    let store: Store
    let statistics: StatisticsService

    func addRoutes(to group: RouterGroup<LimesRequestContext>) {
        group.get("releases", use: list)
        group.post("releases/preview", use: preview)
        group.post("releases", use: publish)
        group.get("releases/{id}", use: show)
        group.post("releases/{id}/withdraw", use: withdraw)
        group.get("releases/{id}/tables/{index}", use: file)
    }

    @Sendable func list(_ request: Request, context: LimesRequestContext) async throws -> Response {
        _ = try context.require(.readStatistics)
        return try .json(try await store.statistics.releases().map(API.Release.init))
    }

    func draft(_ request: Request, context: LimesRequestContext) async throws -> StatRelease.Draft {
        var request = request
        let body = try await request.decodeJSON(as: API.ReleaseRequest.self, context: context)
        return try body.draft(today: statistics.today(), settings: try await statistics.settings())
    }

    @Sendable func preview(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let user = try context.require(.publishStatistics)
        let release = try await statistics.preview(try await draft(request, context: context), by: user.id)
        return try .json(API.Release(release))
    }

    @Sendable func publish(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let user = try context.require(.publishStatistics)
        let release = try await statistics.publish(try await draft(request, context: context), by: user.id)
        return try .json(API.Release(release), status: .created)
    }

    @Sendable func show(_ request: Request, context: LimesRequestContext) async throws -> Response {
        _ = try context.require(.readStatistics)
        return try .json(API.Release(try await release(context)))
    }

    func release(_ context: LimesRequestContext) async throws -> StatRelease {
        let id = try context.parameters.require("id")
        guard let release = try await store.statistics.release(id: id) else { throw APIError.notFound("no release \(id)", field: "id") }
        return release
    }

    @Sendable func withdraw(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let user = try context.require(.publishStatistics)
        let id = try context.parameters.require("id")
        var request = request
        let body = try await request.decodeJSON(as: API.WithdrawRequest.self, context: context)
        return try .json(API.Release(try await store.statistics.withdraw(id, reason: body.reason, actor: user.id, at: statistics.now())))
    }

    /// One table of a release as a file (`?format=csv|sdmx|json`), audited like every export.
    @Sendable func file(_ request: Request, context: LimesRequestContext) async throws -> Response {
        let user = try context.require(.readStatistics)
        let release = try await release(context)
        let (table, format) = try Self.table(of: release, context: context, request: request)
        try await store.audit.record([
            AuditEntry(actor: user.id, action: "export", recordType: "release", recordID: release.id, purpose: "\(format) table \(table.0 + 1)")
        ])
        return try FiguresController.file(table.1, rules: release.rules, format: format, name: "limes-release-\(release.id)-\(table.0 + 1)")
    }

    static func table(of release: StatRelease, context: LimesRequestContext, request: Request) throws -> ((Int, LimesCore.StatTable), String) {
        let text = try context.parameters.require("index")
        guard let number = Int(text), (1...release.tables.count).contains(number) else {
            throw APIError.notFound("release \(release.id) has tables 1 to \(release.tables.count), not \(text)", field: "index")
        }
        let format = request.uri.queryParameters.get("format") ?? "csv"
        guard ["csv", "sdmx", "json"].contains(format) else { throw APIError.invalid("format", "'\(format)' is not csv, sdmx or json") }
        return ((number - 1, release.tables[number - 1]), format)
    }
}

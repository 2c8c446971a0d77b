import Foundation

/// The console's first-line answer page, as a booth's browser asks for it: the scan form's
/// POST, answered with the rendered verdict. Measures the server's own time for the page
/// (its `Server-Timing` header: from the request reaching the console to the page being
/// rendered, check and screening included) and the time seen by the client.
struct ConsolePageRun {
    let port: Int
    /// A web session's token, sent as the console's cookie.
    let sessionToken: String
    let travellers: BenchTravellers
    let lane: String

    struct Result {
        var pages: Int
        var serverMillis: [Double]
        var wallMillis: [Double]
        var failures: Int

        var summary: String {
            let server = serverMillis.sorted(), wall = wallMillis.sorted()
            let p = LoadRun.Result.percentile
            return String(
                format:
                    "console first-line answer page, %d pages from 1 booth: server time p50 %.2f ms, p99 %.2f ms, max %.2f ms; at the client p50 %.2f ms, p99 %.2f ms%@",
                pages,
                p(server, 0.5),
                p(server, 0.99),
                server.last ?? 0,
                p(wall, 0.5),
                p(wall, 0.99),
                failures > 0 ? " (\(failures) failed)" : ""
            )
        }

        var json: [String: Any] {
            let server = serverMillis.sorted()
            return [
                "pages": pages,
                "server_p50_ms": (LoadRun.Result.percentile(server, 0.5) * 100).rounded() / 100,
                "server_p99_ms": (LoadRun.Result.percentile(server, 0.99) * 100).rounded() / 100,
                "failures": failures,
            ]
        }
    }

    func run(pages: Int) throws -> Result {
        let client = BenchHTTPClient(port: port)
        defer { client.close() }
        let cookie = ["Cookie": "limes_session=" + sessionToken]
        // The form's token, read from the page as a browser would.
        let form = try client.request("GET", "/console/first-line", headers: cookie)
        let html = String(decoding: form.body, as: UTF8.self)
        guard form.status == 200, let range = html.range(of: "name=\"_csrf\" value=\"") else {
            throw BenchHTTPClient.Failure(description: "the console's first-line page answered \(form.status) without a form token")
        }
        let csrf = String(html[range.upperBound...].prefix { $0 != "\"" })
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        func encoded(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: allowed) ?? "" }
        var result = Result(pages: 0, serverMillis: [], wallMillis: [], failures: 0)
        for n in 0..<pages {
            let mrz = travellers.mrz[(n * 7919) % travellers.mrz.count]
            let body = "_csrf=\(csrf)&post=\(encoded(lane))&direction=entry&mrz=\(encoded(mrz))"
            let started = ContinuousClock.now
            let page = try client.request(
                "POST",
                "/console/first-line",
                body: Data(body.utf8),
                headers: cookie.merging(["Content-Type": "application/x-www-form-urlencoded"]) { $1 }
            )
            let wall = (ContinuousClock.now - started).seconds * 1000
            guard page.status == 200, String(decoding: page.body, as: UTF8.self).contains("id=\"verdict\""),
                let timing = page.headers["server-timing"], let value = timing.split(separator: "=").last.flatMap({ Double($0) })
            else {
                result.failures += 1
                continue
            }
            result.pages += 1
            result.serverMillis.append(value)
            result.wallMillis.append(wall)
        }
        return result
    }
}

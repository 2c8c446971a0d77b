import Foundation

/// The texts a node signs, each beginning with its purpose so that a signature made for one
/// kind of message can never stand for another.
public enum SyncMessage {
    /// HTTP headers a node's request carries.
    public static let nodeHeader = "Limes-Node"
    public static let signatureHeader = "Limes-Signature"
    public static let timeHeader = "Limes-Time"
    /// On a refused batch: the outbox number headquarters expects next.
    public static let expectedHeader = "Limes-Expected-Seq"

    /// A batch: its exact bytes. Replaying one is harmless (headquarters applies each number once).
    public static func batch(body: Data) -> Data {
        Data("limes-sync-batch\u{1F}".utf8) + body
    }

    /// A request for reference data: the node, what it holds, and the time it asked, which
    /// headquarters accepts within `freshness` of its own clock.
    public static func reference(node: String, version: String, watchlist: Int64, time: Int64) -> Data {
        Data(["limes-sync-reference", node, version, String(watchlist), String(time)].joined(separator: "\u{1F}").utf8)
    }

    /// A request for the crossings recorded elsewhere in the service after `after` (headquarters'
    /// position in its own record, as it last answered).
    public static func crossings(node: String, after: Int64, time: Int64) -> Data {
        Data(["limes-sync-crossings", node, String(after), String(time)].joined(separator: "\u{1F}").utf8)
    }

    public static let freshnessSeconds: Int64 = 300
}

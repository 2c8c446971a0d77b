import Hummingbird
import LimesStore

/// The context of every request: who is asking, once the authenticator has looked.
public struct LimesRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var session: Session?
    /// The token that opened the session, for logging out.
    public var token: String?
    /// The peer's IP address, for rate limits; "unknown" when the transport has none.
    public let remoteAddress: String

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// An API call carries a JSON body of a few kilobytes; anything near a megabyte is an error.
    public var maxUploadSize: Int { 1 << 20 }
}

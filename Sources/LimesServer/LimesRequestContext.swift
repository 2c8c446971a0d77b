import Hummingbird
import LimesCore
import LimesStore
import NIOCore

/// The context of every request: who is asking, once the authenticator has looked.
public struct LimesRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var session: Session?
    /// The token that opened the session, for logging out.
    public var token: String?
    /// The console page being shown (path and query), so that switching language comes back to it.
    public var consolePath: String?
    /// On a post's console: how the post stands with headquarters, for the banner of every page.
    var postLink: (link: PostLink, offline: Bool)?
    /// Kept to read the peer's address when a rate limit needs it, not on every request.
    let channel: any Channel

    /// The peer's IP address, for rate limits; "unknown" when the transport has none.
    public var remoteAddress: String { channel.remoteAddress?.ipAddress ?? "unknown" }

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }

    /// An API call carries a JSON body of a few kilobytes; anything near a megabyte is an error.
    public var maxUploadSize: Int { 1 << 20 }
}

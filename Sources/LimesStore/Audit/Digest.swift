import Crypto
import Foundation

/// SHA-256 as lower-case hex: audit chain links, record digests, stored token hashes, request
/// fingerprints.
public enum Digest {
    public static func sha256(_ text: String) -> String { sha256Hex(Data(text.utf8)) }

    static func sha256Hex(_ data: some DataProtocol) -> String {
        let hex = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for byte in SHA256.hash(data: data) {
            out.append(hex[Int(byte >> 4)])
            out.append(hex[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

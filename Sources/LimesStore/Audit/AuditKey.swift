import Crypto
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The Ed25519 key that signs the audit chain's head and its checkpoints. It lives in a file
/// outside the database, readable by the service's user only, so that someone who can write
/// to the database (a database administrator, a stolen backup restored elsewhere) cannot make
/// a rewritten or shortened chain look whole.
///
/// `@unchecked Sendable`: swift-crypto's keys are immutable values (their bytes are never
/// changed after creation) that the package has not marked `Sendable` on Linux.
public struct AuditKey: @unchecked Sendable {
    let privateKey: Curve25519.Signing.PrivateKey
    /// Derived once: the head is signed in every transaction, and deriving the public key and
    /// its id there cost a scalar multiplication and a hash each time.
    public let publicKey: AuditPublicKey
    let id: String

    init(privateKey: Curve25519.Signing.PrivateKey) {
        self.privateKey = privateKey
        publicKey = AuditPublicKey(key: privateKey.publicKey)
        id = publicKey.id
    }

    /// A key that lives in this process only: for a memory database and tests.
    public static func ephemeral() -> AuditKey { AuditKey(privateKey: Curve25519.Signing.PrivateKey()) }

    static let header = "limes audit signing key (Ed25519, private; readable by the Limes service's user only)"

    /// Reads the key file, or creates it (mode 0600, its folder 0700 when new) if there is none.
    /// A key file that others may read is refused: whoever reads it can forge the chain.
    public static func loadOrCreate(path: String) throws -> AuditKey { try loadOrCreate(path: path, header: header) }

    /// The same for another purpose's key, told apart by its file's first line.
    static func loadOrCreate(path: String, header: String) throws -> AuditKey {
        if FileManager.default.fileExists(atPath: path) { return try load(path: path, header: header) }
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty { try PrivateFiles.createFolder(folder) }
        let key = Curve25519.Signing.PrivateKey()
        let text = header + "\n" + key.rawRepresentation.base64EncodedString() + "\n"
        try PrivateFiles.createExclusive(path, contents: Data(text.utf8))
        return AuditKey(privateKey: key)
    }

    static func load(path: String, header: String) throws -> AuditKey {
        let mode = try PrivateFiles.mode(of: path)
        guard mode & 0o077 == 0 else {
            throw StoreError(
                "the audit key file \(path) may be read by others (mode \(String(mode, radix: 8))); run: chmod 600 \(path)"
            )
        }
        guard let text = FileManager.default.contents(atPath: path).map({ String(decoding: $0, as: UTF8.self) }) else {
            throw StoreError("cannot read the audit key file \(path)")
        }
        let lines = text.split(whereSeparator: \.isNewline).map(String.init)
        guard lines.count == 2, lines[0] == header, let raw = Data(base64Encoded: lines[1]),
            let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw)
        else {
            throw StoreError("the key file \(path) is not a Limes key of this kind (two lines: '\(header)', then the key in base64)")
        }
        return AuditKey(privateKey: key)
    }

    func sign(_ message: String) throws -> String {
        try sign(Data(message.utf8))
    }

    func sign(_ message: Data) throws -> String {
        try privateKey.signature(for: message).base64EncodedString()
    }
}

/// The public half of an `AuditKey`: what an outside party keeps to check the chain's head and
/// checkpoints. Written as one line, `ed25519:` and the key in base64.
///
/// `@unchecked Sendable`: an immutable swift-crypto key, as for `AuditKey`.
public struct AuditPublicKey: @unchecked Sendable, Hashable, CustomStringConvertible {
    let key: Curve25519.Signing.PublicKey

    public init?(text: String) {
        let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.hasPrefix("ed25519:"), let raw = Data(base64Encoded: String(text.dropFirst("ed25519:".count))),
            let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw)
        else { return nil }
        self.key = key
    }

    init(key: Curve25519.Signing.PublicKey) { self.key = key }

    public var description: String { "ed25519:" + key.rawRepresentation.base64EncodedString() }

    /// Short and stable: the first 16 hex digits of the key's SHA-256.
    public var id: String { String(Digest.sha256Hex(key.rawRepresentation).prefix(16)) }

    func isValid(signature: String, for message: String) -> Bool {
        isValid(signature: signature, for: Data(message.utf8))
    }

    func isValid(signature: String, for message: Data) -> Bool {
        guard let bytes = Data(base64Encoded: signature) else { return false }
        return key.isValidSignature(bytes, for: message)
    }

    public static func == (a: AuditPublicKey, b: AuditPublicKey) -> Bool { a.key.rawRepresentation == b.key.rawRepresentation }
    public func hash(into hasher: inout Hasher) { hasher.combine(key.rawRepresentation) }
}

/// Files that hold personal data or keys: the folder 0700, the files 0600, whatever the umask.
enum PrivateFiles {
    /// Creates the folder (and its parents) 0700 when missing; an existing folder is left as
    /// it is (its owner may have reasons), and `isShared` tells the caller to warn.
    static func createFolder(_ path: String) throws {
        guard !FileManager.default.fileExists(atPath: path) else { return }
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        // The attribute is applied through the umask on some systems; set it exactly.
        guard chmod(path, 0o700) == 0 else { throw StoreError("cannot make \(path) private (chmod 700): \(errnoText())") }
    }

    static func isShared(_ path: String) -> Bool {
        guard let mode = try? mode(of: path) else { return false }
        return mode & 0o077 != 0
    }

    /// Creates the file with mode 0600, failing if it exists.
    static func createExclusive(_ path: String, contents: Data) throws {
        let fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw StoreError("cannot create \(path): \(errnoText())") }
        defer { close(fd) }
        let written = contents.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == contents.count, fsync(fd) == 0 else { throw StoreError("cannot write \(path): \(errnoText())") }
    }

    /// Makes an existing file 0600, or creates it empty with that mode.
    static func restrict(_ path: String) throws {
        if FileManager.default.fileExists(atPath: path) {
            guard chmod(path, 0o600) == 0 else { throw StoreError("cannot make \(path) private (chmod 600): \(errnoText())") }
        } else {
            let fd = open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0o600)
            guard fd >= 0 else { throw StoreError("cannot create \(path): \(errnoText())") }
            close(fd)
        }
    }

    static func mode(of path: String) throws -> Int {
        var info = stat()
        guard stat(path, &info) == 0 else { throw StoreError("cannot read \(path): \(errnoText())") }
        return Int(info.st_mode & 0o777)
    }

    private static func errnoText() -> String { String(cString: strerror(errno)) }
}

import Crypto
import Foundation
import _CryptoExtras

/// PBKDF2-HMAC-SHA256 with a per-password salt, stored as
/// `pbkdf2-sha256$ROUNDS$SALT$HASH` (base64): the count travels with the hash, so it can rise
/// for new passwords without breaking old ones.
public enum PasswordHasher {
    /// OWASP's 2023 figure for PBKDF2-HMAC-SHA256.
    public static let defaultRounds = 600_000
    public static let minimumLength = 10

    public static func hash(_ password: String, rounds: Int = defaultRounds) throws -> String {
        let salt = SymmetricKey(size: .bits128).withUnsafeBytes { Data($0) }
        let key = try derive(password, salt: salt, rounds: rounds)
        return "pbkdf2-sha256$\(rounds)$\(salt.base64EncodedString())$\(key.base64EncodedString())"
    }

    public static func verify(_ password: String, against stored: String) -> Bool {
        let parts = stored.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "pbkdf2-sha256", let rounds = Int(parts[1]), rounds >= 1,
            let salt = Data(base64Encoded: String(parts[2])), let expected = Data(base64Encoded: String(parts[3])),
            let actual = try? derive(password, salt: salt, rounds: rounds)
        else { return false }
        // Constant time: the comparison does not stop at the first differing byte.
        guard actual.count == expected.count else { return false }
        var difference: UInt8 = 0
        for (a, b) in zip(actual, expected) { difference |= a ^ b }
        return difference == 0
    }

    /// Problems that make a password too weak, for the error message.
    public static func weakness(of password: String) -> String? {
        if password.count < minimumLength { return "must be at least \(minimumLength) characters" }
        if Set(password).count < 4 { return "uses too few different characters" }
        return nil
    }

    static func derive(_ password: String, salt: Data, rounds: Int) throws -> Data {
        let key = try KDF.Insecure.PBKDF2.deriveKey(
            from: Data(password.utf8),
            salt: salt,
            using: .sha256,
            outputByteCount: 32,
            unsafeUncheckedRounds: rounds
        )
        return key.withUnsafeBytes { Data($0) }
    }
}

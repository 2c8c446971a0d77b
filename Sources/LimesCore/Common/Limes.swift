/// Facts about this build of Limes that every layer may show.
public enum Limes {
    /// The version printed by `limes --version` and reported by `/health`.
    public static let version = "0.1.0"
}

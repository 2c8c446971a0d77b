import Foundation

/// CPU time a process has used (user + system), read from /proc: the benchmark prints the
/// server's CPU per transaction, a figure that depends far less on a noisy machine than
/// transactions per second do.
enum ProcessCPU {
    /// Seconds of CPU used so far by `pid` ("self" for this process); nil where /proc is missing.
    static func seconds(_ pid: String) -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = text.lastIndex(of: ")")
        else { return nil }
        // After the command name: state is field 3, utime and stime are fields 14 and 15.
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        return (user + system) / ticks
    }
}

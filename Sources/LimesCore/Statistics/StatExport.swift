import Foundation

/// A table written for use outside Limes: CSV with what it counts and how it was protected in
/// its first lines, or SDMX-CSV for observatories and statistical offices.
public enum StatExport {
    /// CSV (RFC 4180). Lines starting `#` say the measure, days, filters and disclosure rules;
    /// readers such as pandas skip them with `comment='#'`. A withheld cell is empty, with its
    /// reason in the `status` column.
    public static func csv(_ table: StatTable, rules: DisclosureRules?, source: String) -> String {
        var lines: [String] = []
        lines.append("# \(source)")
        lines.append("# measure: \(table.query.measure.rawValue)")
        lines.append("# from: \(table.query.from) to: \(table.query.to)")
        if table.query.by.contains(.period) { lines.append("# periods: \(table.query.every.rawValue)") }
        for (dimension, values) in table.query.filters.sorted(by: { $0.key < $1.key }) {
            lines.append("# filter: \(dimension.rawValue) = \(values.joined(separator: " or "))")
        }
        if let rules {
            lines.append(
                "# disclosure control: cells of 1 to \(rules.threshold - 1) withheld (primary), and others withheld (secondary) so that none can be narrowed to less than \(rules.protectionInterval); a total is \(StatCell.total)"
            )
        } else {
            lines.append("# not protected: for use inside the service only")
        }
        lines.append((table.query.by.map(\.rawValue) + ["value", "status"]).map(field).joined(separator: ","))
        for cell in table.cells {
            lines.append((cell.coordinates + [cell.value.map(String.init) ?? "", cell.status?.rawValue ?? ""]).map(field).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// SDMX-CSV (version 1): a `DATAFLOW` column, one column per dimension in upper snake case
    /// (the period as `TIME_PERIOD`), `OBS_VALUE`, and `CONF_STATUS` from SDMX's code list: `F`
    /// free, `C` confidential (primary), `D` withheld to protect another (secondary). Filtered
    /// dimensions are columns too, their values joined by `+` as SDMX keys write them.
    public static func sdmxCSV(_ table: StatTable, agency: String) -> String {
        let flow = "\(sdmxID(agency)):LIMES_\(sdmxName(table.query.measure.rawValue))(1.0)"
        let dims = table.query.by
        let filters = table.query.filters.sorted(by: { $0.key < $1.key }).filter { !dims.contains($0.key) }
        var header = ["DATAFLOW"]
        header += dims.map { $0 == .period ? "TIME_PERIOD" : sdmxName($0.rawValue) }
        header += filters.map { sdmxName($0.key.rawValue) }
        if !dims.contains(.period) { header.append("TIME_PERIOD") }
        header += ["OBS_VALUE", "CONF_STATUS"]
        var lines = [header.joined(separator: ",")]
        let span = StatPeriod.exactly(table.query.from, table.query.to)?.label ?? "\(table.query.from)/\(table.query.to)"
        for cell in table.cells {
            var row = [flow] + cell.coordinates
            row += filters.map { $0.value.joined(separator: "+") }
            if !dims.contains(.period) { row.append(span) }
            row.append(cell.value.map(String.init) ?? "")
            row.append(cell.status == .primary ? "C" : cell.status == .secondary ? "D" : "F")
            lines.append(row.map(field).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// `borderType` → `BORDER_TYPE`.
    static func sdmxName(_ name: String) -> String {
        var result = ""
        for character in name {
            if character.isUppercase { result += "_" }
            result += character.uppercased()
        }
        return result
    }

    static func sdmxID(_ text: String) -> String {
        let cleaned = text.uppercased().map { $0.isLetter || $0.isNumber ? $0 : "_" }
        return cleaned.isEmpty ? "LIMES" : String(cleaned)
    }
}

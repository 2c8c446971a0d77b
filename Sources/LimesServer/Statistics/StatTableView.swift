import LimesCore

/// A table as the console and the public page show it: labelled rows, a chart, and withheld
/// cells marked. Shared by the figures page, releases and the public page.
struct StatTableView: Encodable {
    struct Row: Encodable {
        var labels: [String]
        var value: String
        var withheld: Bool
        var isTotal: Bool
        var yearEarlier: String?
        var change: String?
    }

    var heading: String
    var columns: [String]
    var rows: [Row]
    var chart: String?
    var indicators: String?
    var hasYearEarlier: Bool

    /// Words for a dimension's value: translated where it is one of Limes's own codes.
    static func label(_ dimension: StatDimension, _ value: String, views: ConsoleViews) -> String {
        if value == StatCell.total { return views.text("figures.total") }
        switch dimension {
        case .direction, .borderType, .sex, .outcome:
            return views.renderer.catalogue.optionalText("figures.value.\(value.lowercased())", views.language) ?? value
        case .ageBand where value == AgeBands.unknown, .sex where value == "UNK":
            return views.text("figures.value.unk")
        default:
            return value
        }
    }

    static func measureName(_ measure: StatMeasure, views: ConsoleViews) -> String { views.text("figures.measure.\(measure.rawValue)") }

    init(_ table: StatTable, views: ConsoleViews, rightToLeft: Bool) {
        let query = table.query
        let format = views.format
        var heading = Self.measureName(query.measure, views: views)
        if !query.by.isEmpty { heading += " · " + query.by.map { views.text("figures.dimension.\($0.rawValue)") }.joined(separator: " × ") }
        heading += " · \(format.date(query.from)) – \(format.date(query.to))"
        for (dimension, values) in query.filters.sorted(by: { $0.key < $1.key }) where !(query.measure == .refusals && dimension == .outcome) {
            heading +=
                " · \(views.text("figures.dimension.\(dimension.rawValue)")): \(values.map { Self.label(dimension, $0, views: views) }.joined(separator: ", "))"
        }
        self.heading = heading
        columns = query.by.map { views.text("figures.dimension.\($0.rawValue)") }
        let withheld = views.text("figures.withheld")
        hasYearEarlier = table.cells.contains { $0.yearEarlier != nil }
        rows = table.cells.map { cell in
            var change: String?
            if let before = cell.yearEarlier, let now = cell.value, before > 0 {
                let percent = (Double(now) - Double(before)) / Double(before) * 100
                change = (percent >= 0 ? "+" : "") + String(format: "%.1f", percent) + " %"
            }
            return Row(
                labels: zip(query.by, cell.coordinates).map { Self.label($0, $1, views: views) },
                value: cell.value.map(format.number) ?? withheld + (cell.status.map { " (\(views.text("figures.status.\($0.rawValue)")))" } ?? ""),
                withheld: cell.value == nil,
                isTotal: !cell.isInterior,
                yearEarlier: cell.yearEarlier.map(format.number),
                change: change
            )
        }
        indicators = table.indicators.flatMap { $0.isEmpty ? nil : $0.joined(separator: ", ") }
        chart = Self.chart(table, views: views, rightToLeft: rightToLeft)
    }

    /// Bars for one breakdown, lines for a breakdown by period (with the year before), nothing
    /// for wider tables, whose rows say more than a picture would.
    static func chart(_ table: StatTable, views: ConsoleViews, rightToLeft: Bool) -> String? {
        let query = table.query
        let title = measureName(query.measure, views: views)
        if query.by == [.period] {
            let cells = table.cells.filter(\.isInterior).sorted { $0.coordinates[0] < $1.coordinates[0] }
            var series = [SVGChart.Series(label: title, values: cells.map(\.value))]
            if cells.contains(where: { $0.yearEarlier != nil }) {
                series.append(SVGChart.Series(label: views.text("figures.year_earlier"), values: cells.map(\.yearEarlier), dashed: true))
            }
            return SVGChart.lines(
                series,
                periods: cells.map { $0.coordinates[0] },
                title: title,
                rightToLeft: rightToLeft,
                format: views.format.number
            )
        }
        guard query.by.count == 1 else { return nil }
        let bars = table.cells.filter(\.isInterior).map { SVGChart.Bar(label: label(query.by[0], $0.coordinates[0], views: views), value: $0.value) }
        guard !bars.isEmpty else { return nil }
        return SVGChart.bars(bars, title: title, withheld: views.text("figures.withheld"), rightToLeft: rightToLeft, format: views.format.number)
    }
}

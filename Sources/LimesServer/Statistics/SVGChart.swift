import Foundation

/// Charts drawn on the server as SVG: readable without script, printable, and the same in every
/// browser. Every text is escaped here; colours are presentation attributes, which the console's
/// content security policy allows. Right-to-left pages get mirrored charts.
enum SVGChart {
    struct Bar {
        var label: String
        /// Nil: withheld, drawn as a hatched stub with the mark given.
        var value: Int?
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func number(_ value: Double) -> String { String(format: "%.1f", value) }

    /// Horizontal bars, one per label, longest scaled to the width.
    static func bars(_ bars: [Bar], title: String, withheld: String, rightToLeft: Bool, format: (Int) -> String) -> String {
        let row = 22.0
        let labelWidth = 170.0
        let width = 640.0
        let barSpace = width - labelWidth - 70
        let height = Double(bars.count) * row + 10
        let largest = Double(max(bars.compactMap(\.value).max() ?? 1, 1))
        var body = ""
        for (index, bar) in bars.enumerated() {
            let y = 5 + Double(index) * row
            let length = bar.value.map { max(1, Double($0) / largest * barSpace) } ?? 0
            let labelX = rightToLeft ? width - 4 : labelWidth - 6
            let barX = rightToLeft ? width - labelWidth - length : labelWidth
            let valueX = rightToLeft ? barX - 6 : barX + length + 6
            let anchorLabel = rightToLeft ? "start" : "end"
            let anchorValue = rightToLeft ? "end" : "start"
            body +=
                "<text x=\"\(number(labelX))\" y=\"\(number(y + 15))\" text-anchor=\"\(rightToLeft ? "end" : anchorLabel)\" font-size=\"12\">\(escape(bar.label))</text>"
            if bar.value != nil {
                body +=
                    "<rect x=\"\(number(barX))\" y=\"\(number(y + 3))\" width=\"\(number(length))\" height=\"\(number(row - 6))\" fill=\"#2f6f9f\"/>"
            }
            body +=
                "<text x=\"\(number(valueX))\" y=\"\(number(y + 15))\" text-anchor=\"\(anchorValue)\" font-size=\"12\">\(escape(bar.value.map(format) ?? withheld))</text>"
        }
        return svg(width: width, height: height, title: title, body: body)
    }

    struct Series {
        var label: String
        var values: [Int?]
        var dashed = false
    }

    /// Lines over periods: a series, and the same periods a year before, dashed.
    static func lines(_ series: [Series], periods: [String], title: String, rightToLeft: Bool, format: (Int) -> String) -> String {
        let width = 640.0
        let height = 240.0
        let left = 50.0
        let bottom = 200.0
        let top = 16.0
        let largest = Double(max(series.flatMap { $0.values.compactMap { $0 } }.max() ?? 1, 1))
        let step = periods.count > 1 ? (width - left - 20) / Double(periods.count - 1) : 0
        func x(_ index: Int) -> Double {
            let along = left + Double(index) * step
            return rightToLeft ? width - along : along
        }
        func y(_ value: Int) -> Double { bottom - Double(value) / largest * (bottom - top) }
        var body =
            "<line x1=\"\(number(rightToLeft ? width - left : left))\" y1=\"\(number(bottom))\" x2=\"\(number(rightToLeft ? 20 : width - 20))\" y2=\"\(number(bottom))\" stroke=\"#888\"/>"
        body +=
            "<text x=\"\(number(rightToLeft ? width - 4 : 4))\" y=\"\(number(top + 4))\" font-size=\"11\" text-anchor=\"\(rightToLeft ? "end" : "start")\">\(escape(format(Int(largest))))</text>"
        let labelEvery = max(1, periods.count / 8)
        for (index, period) in periods.enumerated() where index % labelEvery == 0 {
            body += "<text x=\"\(number(x(index)))\" y=\"\(number(bottom + 16))\" font-size=\"11\" text-anchor=\"middle\">\(escape(period))</text>"
        }
        let colours = ["#2f6f9f", "#b5651d", "#4f8f3f", "#8f3f6f"]
        for (offset, line) in series.enumerated() {
            let points = line.values.enumerated().compactMap { index, value in value.map { "\(number(x(index))),\(number(y($0)))" } }
            let colour = colours[offset % colours.count]
            body +=
                "<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\"\(line.dashed ? " stroke-dasharray=\"5 4\"" : "") points=\"\(points.joined(separator: " "))\"/>"
            body +=
                "<text x=\"\(number(rightToLeft ? width - left - 8 : left + 8))\" y=\"\(number(232))\" dx=\"\(offset * 180 * (rightToLeft ? -1 : 1))\" font-size=\"11\" fill=\"\(colour)\" text-anchor=\"\(rightToLeft ? "end" : "start")\">\(escape(line.label))</text>"
        }
        return svg(width: width, height: height, title: title, body: body)
    }

    /// A heat map: rows (weekdays) by columns (hours), darker for longer; empty cells blank.
    static func heatMap(rows: [String], columns: [String], values: [[Double?]], title: String, rightToLeft: Bool, format: (Double) -> String)
        -> String
    {
        let cell = 22.0
        let left = 90.0
        let width = left + Double(columns.count) * cell + 10
        let height = 24 + Double(rows.count) * cell + 6
        let largest = max(values.flatMap { $0.compactMap { $0 } }.max() ?? 1, 1)
        func x(_ column: Int) -> Double { rightToLeft ? width - left - Double(column + 1) * cell : left + Double(column) * cell }
        var body = ""
        for (column, label) in columns.enumerated() where column % 3 == 0 {
            body += "<text x=\"\(number(x(column) + cell / 2))\" y=\"16\" font-size=\"10\" text-anchor=\"middle\">\(escape(label))</text>"
        }
        for (row, label) in rows.enumerated() {
            let y = 22 + Double(row) * cell
            body +=
                "<text x=\"\(number(rightToLeft ? width - 4 : left - 6))\" y=\"\(number(y + 15))\" font-size=\"11\" text-anchor=\"end\">\(escape(label))</text>"
            for column in columns.indices {
                guard let value = values[row][column] else {
                    body +=
                        "<rect x=\"\(number(x(column)))\" y=\"\(number(y))\" width=\"\(number(cell - 2))\" height=\"\(number(cell - 2))\" fill=\"#f4f4f4\"/>"
                    continue
                }
                let shade = Int(235 - 190 * min(1, value / largest))
                body +=
                    "<rect x=\"\(number(x(column)))\" y=\"\(number(y))\" width=\"\(number(cell - 2))\" height=\"\(number(cell - 2))\" fill=\"rgb(\(shade),\(shade + 10),255)\"><title>\(escape(label)) \(escape(columns[column])): \(escape(format(value)))</title></rect>"
            }
        }
        return svg(width: width, height: height, title: title, body: body)
    }

    static func svg(width: Double, height: Double, title: String, body: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" viewBox=\"0 0 \(number(width)) \(number(height))\" width=\"100%\" aria-label=\"\(escape(title))\"><title>\(escape(title))</title>\(body)</svg>"
    }
}

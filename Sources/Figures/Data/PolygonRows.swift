/// The saved form of the polygon figure: rows of labelled panels.
///
/// JSON: `{"rows": [{"label": "trained", "panels": [{"title": "…", "caption": "…", "vectors": [W0x, W0y, …, W4y]}]}]}`.
public struct PolygonRows: Sendable, Equatable, Codable {
    public struct Row: Sendable, Equatable, Codable {
        public var label: String
        public var panels: [PolygonPanel]
        public init(label: String, panels: [PolygonPanel]) {
            self.label = label
            self.panels = panels
        }
    }

    public var rows: [Row]
    public init(rows: [Row]) { self.rows = rows }
}

extension Figure {
    /// ``polygons(rows:)`` from saved rows.
    public static func polygons(_ data: PolygonRows) throws(FigureError) -> Figure {
        try polygons(rows: data.rows.map { ($0.label, $0.panels) })
    }
}

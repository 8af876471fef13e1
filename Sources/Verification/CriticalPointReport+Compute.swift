import AnalyticOracle
import HighPrecision

extension CriticalPointReport {
    /// Analyses every polygon for `data` at the precision that prints `digits`
    /// digits (`⌈D log₂10⌉ + 128` bits) and, with `withChi`, adds the
    /// regular-limit χ of each polygon's lowest minimum (and of the kink
    /// point, if any) with the next-order coefficients.
    public static func compute(data: DataSpecification, polygons: [PolygonConfiguration], digits: Int, withChi: Bool) -> CriticalPointReport {
        let bits = Certified.initialPrecision(forDigits: digits) + 64
        let entries = polygons.map { polygon -> Entry in
            do {
                if withChi {
                    let reference = try FullModelReference.compute(configuration: polygon, data: data, precision: bits)
                    return Entry(polygon: polygon, analysis: reference.analysis, failure: nil,
                                 susceptibilities: [reference.chi, reference.chiAtKinkPoint].compactMap { $0 })
                }
                return Entry(polygon: polygon, analysis: try CriticalPointOracle(data: data, polygon: polygon, precision: bits).analyse(), failure: nil)
            } catch {
                return Entry(polygon: polygon, analysis: nil, failure: "\(error)")
            }
        }
        return CriticalPointReport(data: data, entries: entries, digits: digits)
    }
}

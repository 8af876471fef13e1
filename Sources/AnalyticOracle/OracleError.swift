/// Bad input to the analytic oracle: each case names the rejected value.
public enum OracleError: Error, Equatable, CustomStringConvertible {
    /// An input-type name that is not five characters `0`/`1` (see ``InputType``).
    case malformedInputName(String)
    /// An input-type index outside `0..<32`.
    case inputIndexOutOfRange(Int)
    /// A feature index outside `0..<5`.
    case featureOutOfRange(Int)
    /// An observable name that is not `dot(i,j)`, `norm(i)`, `pos(i,x)` or `pos(i,y)`.
    case malformedObservableName(String)
    /// An input type for which no closed form exists at the bifurcation
    /// (inputs that contain feature 4 together with another feature).
    case unsupportedInput(String)
    /// A polygon size outside the landscapes derived (k = 2, 3, 4).
    case unsupportedPolygon(Int)

    public var description: String {
        switch self {
        case .malformedInputName(let name):
            return "not an input-type name: \"\(name)\" (expected five characters 0/1 in feature order 0…4, e.g. \"10000\")"
        case .inputIndexOutOfRange(let index):
            return "input-type index \(index) outside 0..<32"
        case .featureOutOfRange(let feature):
            return "feature index \(feature) outside 0..<5"
        case .malformedObservableName(let name):
            return "not an observable name: \"\(name)\" (expected dot(i,j), norm(i), pos(i,x) or pos(i,y) with 0 ≤ i, j ≤ 4)"
        case .unsupportedInput(let name):
            return "no closed form for input \"\(name)\": the oracle covers the inputs without feature 4 and the one-hot input 00001"
        case .unsupportedPolygon(let k):
            return "no dead-feature landscape for a \(k)-gon (k must be 2, 3 or 4)"
        }
    }
}

import HighPrecision

/// A curve of the `W_4`-plane on which one ReLU of the model changes sign at
/// the frozen square: the zero set of a pre-activation
/// `q(w) = a |w|² + n · w + c` (`a ∈ {0, 1}`), `w = W_4`.
/// Derivation: [FrozenSquareAnyData.md §2](../../../Derivations/FrozenSquareAnyData.md).
///
/// With `v_x = Σ_{i∈x, i<4} W_i`, the model `x̂_j = ReLU(Σ_{i∈x} W_j · W_i)`
/// ([Conventions §1](../../../Derivations/Conventions.md)) has the pre-activations
///
/// ```
/// z_j = W_j · v_x + x_4 W_j · w     (j < 4):   a = 0, n = x_4 W_j, c = W_j · v_x
/// z_4 = v_x · w + x_4 |w|²                  :   a = x_4, n = v_x,  c = 0
/// ```
///
/// so every kink curve is a line through the origin (`a = 0, c = 0`), a line at
/// distance `|c|/|n|` (`a = 0, c ≠ 0`) or a circle through the origin with
/// centre `−n/2` (`a = 1, c = 0`; in polar form `r = −n · u(θ)`).
struct KinkCurve: Sendable {
    enum Kind: Sendable { case originLine, line, circle }

    let kind: Kind
    /// `n`.
    let normal: Vector2<BigFloat>
    /// `c` (zero for origin lines and circles).
    let offset: BigFloat

    /// `|n|`.
    var normalLength: BigFloat { normal.norm }

    /// ``radialCrossing(cosine:sine:)`` in `Double` (for planning).
    func radialCrossing(cosine: Double, sine: Double) -> Double? {
        let nu = normal.x.doubleValue * cosine + normal.y.doubleValue * sine
        switch kind {
        case .originLine:
            return nil
        case .line:
            guard nu != 0 else { return nil }
            let r = -offset.doubleValue / nu
            return r > 0 ? r : nil
        case .circle:
            return -nu > 0 ? -nu : nil
        }
    }

    /// ``angularCrossings(radius:)`` in `Double` (for planning).
    func angularCrossings(radius r: Double) -> [Double] {
        let (nx, ny, c) = (normal.x.doubleValue, normal.y.doubleValue, offset.doubleValue)
        let psi = Double.atan2(y: ny, x: nx), m = (nx * nx + ny * ny).squareRoot()
        let rho: Double
        switch kind {
        case .originLine: return [psi + Double.pi / 2, psi - Double.pi / 2]
        case .line: rho = -c / (m * r)
        case .circle: rho = -r / m
        }
        guard abs(rho) < 1 else { return [] }
        let arc = Double.atan2(y: ((1 - rho) * (1 + rho)).squareRoot(), x: rho)
        return [psi + arc, psi - arc]
    }

    /// `arg n`.
    var normalAngle: BigFloat { normal.angle }

    /// The positive radii `r` at which the ray `r u` (`u = (cos θ, sin θ)`,
    /// given as `cosine`, `sine`) meets the curve: `r = −c/(n·u)` for a line,
    /// `r = −n·u` for a circle, none for an origin line (the ray lies on it or
    /// meets it only at 0).
    func radialCrossing(cosine: BigFloat, sine: BigFloat) -> BigFloat? {
        let nu = normal.x * cosine + normal.y * sine
        switch kind {
        case .originLine:
            return nil
        case .line:
            guard !nu.isZero else { return nil }
            let r = -offset / nu
            return r.signum > 0 ? r : nil
        case .circle:
            let r = -nu
            return r.signum > 0 ? r : nil
        }
    }

    /// The angles at which the circle `|w| = r` meets the curve, as
    /// `arg n ± arccos(ρ)` with `ρ = −c/(|n| r)` for a line and `ρ = −r/|n|` for a
    /// circle (none when `|ρ| ≥ 1`), and `arg n ± π/2` for an origin line.
    /// `arccos ρ = atan2(√((1 − ρ)(1 + ρ)), ρ)`, with `1 ∓ ρ` formed without cancellation.
    func angularCrossings(radius r: BigFloat) -> [BigFloat] {
        let psi = normalAngle
        let m = normalLength
        let half = BigFloat.pi / 2
        switch kind {
        case .originLine:
            return [psi + half, psi - half]
        case .line:
            // ρ = −c/(m r); 1 − ρ² = (m r − |c|)(m r + |c|)/(m r)².
            let mr = m * r, c = offset.magnitude
            guard c < mr else { return [] }
            let s = BigFloat.sqrt((mr - c) * (mr + c))
            let arc = BigFloat.atan2(y: s, x: -offset)
            return [psi + arc, psi - arc]
        case .circle:
            // ρ = −r/m; 1 − ρ² = (m − r)(m + r)/m².
            guard r < m else { return [] }
            let s = BigFloat.sqrt((m - r) * (m + r))
            let arc = BigFloat.atan2(y: s, x: -r)
            return [psi + arc, psi - arc]
        }
    }

    /// The radius beyond which an origin-centred circle no longer meets the
    /// curve, or begins to: `|c|/|n|` for a line (tangency), `|n|` for a circle
    /// (its far point); none for an origin line.
    var tangencyRadius: BigFloat? {
        switch kind {
        case .originLine: return nil
        case .line: return offset.magnitude / normalLength
        case .circle: return normalLength
        }
    }

    /// The directions `±n^⊥` in which the curve leaves the origin (origin lines
    /// and circles; a circle through the origin is tangent there to `n · w = 0`).
    var originDirections: [Vector2<BigFloat>] {
        guard kind != .line else { return [] }
        return [normal.quarterTurn, -normal.quarterTurn]
    }

    /// Whether the curve passes through the origin.
    var passesThroughOrigin: Bool { kind != .line }

    /// The points other than the origin where this curve meets `other`.
    func intersections(with other: KinkCurve) -> [Vector2<BigFloat>] {
        switch (kind, other.kind) {
        case (.circle, .circle):
            // Subtracting the equations leaves the radical line (n₁ − n₂)·w = 0 through the origin.
            let d = Vector2(normal.x - other.normal.x, normal.y - other.normal.y)
            guard d.normSquared.doubleValue > 1e-24 else { return [] }
            return KinkCurve(kind: .originLine, normal: d, offset: 0).intersections(with: self)
        case (.circle, _):
            return other.intersections(with: self)
        case (_, .circle):
            // w = p₀ + t e on the line, p₀ = −c n/|n|², e = n^⊥/|n|:
            // |w|² + m·w = 0  ⇔  t² + t (2 p₀·e + m·e) + |p₀|² + m·p₀ = 0.
            let nn = normal.normSquared
            let p0 = Vector2(-offset * normal.x / nn, -offset * normal.y / nn)
            let length = BigFloat.sqrt(nn)
            let e = Vector2(-normal.y / length, normal.x / length)
            let m = other.normal
            let b = 2 * p0.dot(e) + m.dot(e)
            let c = p0.normSquared + m.dot(p0)
            let discriminant = b * b - 4 * c
            guard discriminant.doubleValue > -1e-30 else { return [] }
            let root = BigFloat.sqrt(BigFloat.relu(discriminant))
            return [(-b + root) / 2, (-b - root) / 2].map { t in Vector2(p0.x + t * e.x, p0.y + t * e.y) }
                .filter { $0.normSquared.doubleValue > 1e-24 }
        default:
            // Two lines: n₁·w = −c₁, n₂·w = −c₂.
            let det = normal.x * other.normal.y - normal.y * other.normal.x
            guard det.magnitude.doubleValue > 1e-12 else { return [] }
            let x = (-offset * other.normal.y + other.offset * normal.y) / det
            let y = (-other.offset * normal.x + offset * other.normal.x) / det
            let p = Vector2(x, y)
            return p.normSquared.doubleValue > 1e-24 ? [p] : []
        }
    }
}

extension KinkCurve {
    /// The distinct kink curves of the model at the frozen square `point`, over
    /// every input type (read off the pre-activations, see the type's description).
    static func curves(of point: BifurcationPoint<BigFloat>) -> [KinkCurve] {
        var curves: [KinkCurve] = []
        var keys: Set<String> = []
        func add(_ curve: KinkCurve) {
            let key = curve.key
            if keys.insert(key).inserted { curves.append(curve) }
        }
        for x in InputType.all {
            let v = point.signal(x)
            let hasFour = x.contains(4)
            for j in 0..<4 {
                let w = point.vertices[j]
                guard hasFour else { continue }  // z_j constant: no kink
                let c = w.dot(v)
                add(KinkCurve(kind: c.isZero ? .originLine : .line, normal: w, offset: c))
            }
            guard v.normSquared.doubleValue > 1e-24 else { continue }  // z_4 = x_4 |w|² ≥ 0: no kink
            add(KinkCurve(kind: hasFour ? .circle : .originLine, normal: v, offset: 0))
        }
        return curves
    }

    /// A key identifying the curve as a set (lines up to scale and sign).
    private var key: String {
        func rounded(_ x: Double) -> String { String(Int((x * 1e9).rounded())) }
        switch kind {
        case .circle:
            return "c:\(rounded(normal.x.doubleValue)),\(rounded(normal.y.doubleValue))"
        case .originLine, .line:
            let m = normalLength.doubleValue
            var nx = normal.x.doubleValue / m, ny = normal.y.doubleValue / m, c = offset.doubleValue / m
            if nx < -1e-12 || (abs(nx) <= 1e-12 && ny < 0) { nx = -nx; ny = -ny; c = -c }
            return "l:\(rounded(nx)),\(rounded(ny)),\(rounded(c))"
        }
    }
}

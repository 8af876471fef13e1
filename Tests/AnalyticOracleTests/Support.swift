import HighPrecision
@testable import AnalyticOracle

/// Tolerances and small helpers shared by the oracle's tests.
enum Support {
    /// `|a − b| ≤ tolerance`, evaluated in BigFloat.
    static func close(_ a: BigFloat, _ b: BigFloat, within tolerance: BigFloat) -> Bool {
        !(tolerance < (a - b).magnitude)
    }

    /// `2^(−bits)` at the working precision.
    static func twoToThe(_ exponent: Int) -> BigFloat { BigFloat(1).scaled(byPowerOfTwo: exponent) }

    /// `10^(−digits)`.
    static func tenToTheMinus(_ digits: Int) -> BigFloat { BigFloat.pow(BigFloat(10), -digits) }

    /// The largest magnitude in a matrix.
    static func scale(_ m: [[BigFloat]]) -> BigFloat {
        m.joined().reduce(BigFloat(0)) { BigFloat.max($0, $1.magnitude) }
    }

    /// The largest entrywise difference of two matrices.
    static func maxDifference(_ a: [[BigFloat]], _ b: [[BigFloat]]) -> BigFloat {
        zip(a, b).flatMap { zip($0, $1).map { ($0 - $1).magnitude } }.reduce(BigFloat(0), BigFloat.max)
    }

    /// The features relabelled by `permutation` (feature i ↦ permutation[i]).
    static func relabel(_ x: InputType, _ permutation: [Int]) -> InputType {
        try! InputType(features: x.features.map { permutation[$0] })
    }

    static func relabel(_ o: Observable, _ permutation: [Int]) -> Observable {
        switch o {
        case .dot(let i, let j):
            let (a, b) = (permutation[i], permutation[j])
            return .dot(min(a, b), max(a, b))
        case .norm(let i): return .norm(permutation[i])
        case .pos(let i, let axis): return .pos(permutation[i], axis)
        }
    }

    /// Whether long sweeps are enabled (`TMS_LONG_TESTS=1`).
    static var longTests: Bool {
        ProcessInfo.processInfo.environment["TMS_LONG_TESTS"] == "1"
    }
}

import Foundation

// Validation of option values at the boundary of `tms`.
//
// Every option is checked in the command's `validate()`, before any work
// starts, and a bad value gets one message shape naming the option as the
// user typed it, the value, and what is allowed:
//
//     --draws must be an integer in 1…1,000,000,000, got 0
//     --beta must be finite and > 0, got -1.0
//
// To validate a new option:
// - integers:  try check("--epochs", epochs, in: Limits.epochs)
// - reals:     try check("--step-size", stepSize, .positive)   (see `Allowed`)
// - lists:     try checkEach("--sparsity", sparsity, .openUnitInterval)
// - sampler options (chains, draws, burn-in, thinning, step size, memory, and
//   enough batches for a standard error): try checkSampler(settings, ...)
//   (Validation+Sampler.swift)
// and state the range in the option's help text from the same constant, e.g.
// `help: "Draws per chain (\(Limits.draws.text))."`. Then add one line per bad
// value to `Tests/ToolTests/Corpus/bad-invocations.txt`.
//
// The helpers throw ArgumentParser's `ValidationError` (exit 64, with usage);
// errors while running are `ToolError`s (ToolError.swift).

import ArgumentParser
import Foundation

/// A set of allowed values with the words that state it in an error message.
struct Allowed<Value>: Sendable {
    let text: String
    let contains: @Sendable (Value) -> Bool
}

extension Allowed where Value == Double {
    /// Finite and > 0.
    static let positive = Allowed(text: "finite and > 0") { $0.isFinite && $0 > 0 }
    /// Finite and ≥ 0.
    static let nonNegative = Allowed(text: "finite and ≥ 0") { $0.isFinite && $0 >= 0 }
    /// Finite.
    static let finite = Allowed(text: "finite") { $0.isFinite }
    /// `0 < x < 1`.
    static let openUnitInterval = Allowed(text: "in (0, 1), i.e. 0 < x < 1") { $0 > 0 && $0 < 1 }
    /// A sparsity: 0, or `10⁻⁶⁰ ≤ S < 1` (so that the weights `∝ S^k`, k ≤ 5, stay normal Doubles).
    static let sparsity = Allowed(text: "0 or in [1e-60, 1)") { $0 == 0 || ($0 >= 1e-60 && $0 < 1) }
    /// A positive sparsity: `10⁻⁶⁰ ≤ S < 1`.
    static let positiveSparsity = Allowed(text: "in [1e-60, 1)") { $0 >= 1e-60 && $0 < 1 }
    /// A scale (step size, learning rate, β): in `[10⁻¹⁰⁰, 10¹⁰⁰]`. Below, products of the
    /// engine leave the normal Doubles (subnormal arithmetic is a hundred times slower, and
    /// the run would be frozen anyway); above, they overflow.
    static let scale = Allowed.range(Limits.smallestScale, Limits.largestScale)
    /// 0 or a scale (localization γ, a weight).
    static let zeroOrScale = Allowed(text: "0 or in [\(Limits.text(Limits.smallestScale)), \(Limits.text(Limits.largestScale))]") { $0 == 0 || ($0 >= Limits.smallestScale && $0 <= Limits.largestScale) }

    /// `lower ≤ x ≤ upper`.
    static func range(_ lower: Double, _ upper: Double) -> Allowed {
        Allowed(text: "in [\(Limits.text(lower)), \(Limits.text(upper))]") { $0 >= lower && $0 <= upper }
    }

    /// `0 < x ≤ upper`.
    static func positive(atMost upper: Double) -> Allowed {
        Allowed(text: "in (0, \(Limits.text(upper))]") { $0 > 0 && $0 <= upper }
    }

    /// `0 ≤ x ≤ upper`.
    static func nonNegative(atMost upper: Double) -> Allowed {
        Allowed(text: "in [0, \(Limits.text(upper))]") { $0 >= 0 && $0 <= upper }
    }
}

/// Throws `ValidationError("<option> must be <allowed>, got <value>")` unless `allowed` contains `value`.
func check<Value>(_ option: String, _ value: Value, _ allowed: Allowed<Value>) throws {
    guard allowed.contains(value) else { throw ValidationError("\(option) must be \(allowed.text), got \(value)") }
}

/// Throws unless `range` contains `value`.
func check(_ option: String, _ value: Int, in range: ClosedRange<Int>) throws {
    guard range.contains(value) else {
        throw ValidationError("\(option) must be an integer in \(range.text), got \(value)")
    }
}

/// Throws unless `value ≥ lower`.
func check(_ option: String, _ value: Int, atLeast lower: Int) throws {
    guard value >= lower else { throw ValidationError("\(option) must be an integer ≥ \(lower), got \(value)") }
}

/// Checks every value of a list option.
func checkEach<Value>(_ option: String, _ values: [Value], _ allowed: Allowed<Value>) throws {
    guard !values.isEmpty else { throw ValidationError("\(option) needs at least one value") }
    for value in values { try check(option, value, allowed) }
}

/// Checks every value of a list option against an integer range.
func checkEach(_ option: String, _ values: [Int], in range: ClosedRange<Int>) throws {
    for value in values { try check(option, value, in: range) }
}

/// `n` seeds from `first`, `first … first + n − 1`, without overflowing `UInt64`.
func checkSeeds(first: UInt64, count: Int, firstOption: String = "--first-seed", countOption: String = "--seeds") throws {
    try check(countOption, count, in: Limits.seeds)
    guard UInt64(count - 1) <= UInt64.max - first else {
        throw ValidationError(
            "\(firstOption) \(first) with \(countOption) \(count) runs past the largest seed \(UInt64.max) (\(firstOption) must be at most \(UInt64.max - UInt64(count - 1)))")
    }
}

/// Comma-separated numbers, each checked: `--betas 13,77`. Names the option and the bad item.
func parseNumbers(_ text: String, option: String, _ allowed: Allowed<Double> = .finite) throws -> [Double] {
    let parts = text.split(separator: ",", omittingEmptySubsequences: false)
    guard !text.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("\(option) needs at least one number") }
    return try parts.map { part in
        let item = part.trimmingCharacters(in: .whitespaces)
        guard let value = Double(item) else {
            throw ValidationError("\(option): '\(item)' is not a number (expected comma-separated numbers, each \(allowed.text))")
        }
        guard allowed.contains(value) else { throw ValidationError("\(option): every value must be \(allowed.text), got \(item)") }
        return value
    }
}

/// The 10 parameters W0x,W0y,…,W4x,W4y of the 5×2 model, finite: `--w`.
func parseParameters(_ text: String, option: String = "--w") throws -> [Double] {
    let values = try parseNumbers(text, option: option, .finite)
    guard values.count == 10 else { throw ValidationError("\(option) must give 10 numbers W0x,W0y,…,W4x,W4y, got \(values.count)") }
    return values
}

/// Comma-separated integers in `range`: `--free 2,4`.
func parseIntegers(_ text: String, option: String, in range: ClosedRange<Int>) throws -> [Int] {
    try text.split(separator: ",", omittingEmptySubsequences: false).map { part in
        let item = part.trimmingCharacters(in: .whitespaces)
        guard let value = Int(item), range.contains(value) else {
            throw ValidationError("\(option): '\(item)' is not an integer in \(range.text) (expected comma-separated integers)")
        }
        return value
    }
}

/// The ranges of the tool's options, shared by the checks and the help texts.
enum Limits {
    /// Chains of a sampler run.
    static let chains = 1...1_000
    /// Draws per chain (memory is bounded separately, ``MemoryEstimate/defaultLimit``).
    static let draws = 1...1_000_000_000
    /// Burn-in steps per chain.
    static let burnIn = 0...10_000_000_000
    /// Steps between draws.
    static let thinning = 1...1_000_000
    /// Steps per chain, burn-in included: 10^10 (about an hour per chain at 3 million steps/s).
    static let stepsPerChain = 10_000_000_000
    /// The fewest batches (chains × batches per chain) for a standard error: with
    /// fewer, the jackknife has too few degrees of freedom to mean anything.
    static let minimumBatches = 10
    /// The largest divergence bound: states up to 10^100 keep every loss finite.
    static let divergenceBound = 1e100
    /// Full-batch training epochs of `tms train` and the figures' training runs.
    static let epochs = 0...100_000_000
    /// Epochs of each phase of a patterning run.
    static let patterningEpochs = 0...1_000_000
    /// Seeds of a sweep or rewrite.
    static let seeds = 1...10_000
    /// The initial scale of training: larger initial weights overflow the loss.
    static let initScale = 1e3
    /// The range of scales (step sizes, learning rates, β): see ``Allowed/scale``.
    static let smallestScale = 1e-100
    static let largestScale = 1e100
    /// The largest `--max-change` of a patterning step: weights change by at most a factor e¹⁰⁰.
    static let maxChange = 100.0

    /// `1,000,000`, `0.5`, `1e12`, `3.2e-99` (no `+`, no leading zeros in the exponent).
    static func text(_ x: Double) -> String {
        if x == x.rounded(), x.magnitude <= 1e6 { return Int(x).grouped }
        if x.magnitude >= 1e-3, x.magnitude < 1e6 { return "\(x)" }
        guard x.isFinite, x != 0 else { return "\(x)" }
        let exponent = Int(Foundation.log10(x.magnitude).rounded(.down))
        let mantissa = String(format: "%.12g", x / Foundation.pow(10, Double(exponent)))
        return "\(mantissa)e\(exponent)"
    }
}

extension ClosedRange where Bound == Int {
    /// `1…1,000` (with thousands separators).
    var text: String { "\(lowerBound.grouped)…\(upperBound.grouped)" }
}

extension Int {
    /// `1,000,000`.
    var grouped: String {
        let digits = String(magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (self < 0 ? "-" : "") + out
    }
}

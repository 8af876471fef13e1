// swift-tools-version: 6.1
//
// TMSPatterning: the reference implementation and ground-truth oracle for
// patterning in the toy model of superposition (TMS).
// Module map (one concept per module, dependencies point downwards):
//
//   CMPFR            C system library: GMP/MPFR (pkg-config `mpfr`)
//   HighPrecision    BigFloat (MPFR), BigInterval (certified enclosures),
//                    the RealNumber protocol shared by Double and BigFloat
//   AnalyticOracle   closed forms at the 4→5 bifurcation (generic over RealNumber)
//   D5Taxonomy       gap-pattern targets of a pentagon, S5 modulo D5
//   TMSEngine        fast Double engine: model, training, SGLD/MALA, estimators
//   Patterning       the patterning step, controllers, bifurcations, rewrites
//   Verification     fixtures and the audit of estimators against the oracle
//   Figures          standalone SVG figures
//   tms              the command-line tool over all of it
import PackageDescription

let package = Package(
    name: "TMSPatterning",
    products: [
        .executable(name: "tms", targets: ["tms"]),
        .library(name: "HighPrecision", targets: ["HighPrecision"]),
        .library(name: "AnalyticOracle", targets: ["AnalyticOracle"]),
        .library(name: "D5Taxonomy", targets: ["D5Taxonomy"]),
        .library(name: "TMSEngine", targets: ["TMSEngine"]),
        .library(name: "Patterning", targets: ["Patterning"]),
        .library(name: "Verification", targets: ["Verification"]),
        .library(name: "Figures", targets: ["Figures"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.0.0"),
        // No default traits: PropertyBased shrinks by default on Swift ≥ 6.2, rerunning a failing
        // property's whole body for every candidate before reporting (minutes for an MPFR or sampler
        // property). A test opts in with `.shrinking` (Derivations/TestPower.md §4).
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.0", traits: []),
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CMPFR",
            pkgConfig: "mpfr",
            providers: [.apt(["libgmp-dev", "libmpfr-dev"]), .brew(["mpfr"])]
        ),
        .target(
            name: "HighPrecision",
            dependencies: ["CMPFR", .product(name: "RealModule", package: "swift-numerics")]
        ),
        .target(name: "AnalyticOracle", dependencies: ["HighPrecision"]),
        .target(name: "D5Taxonomy", dependencies: ["HighPrecision"]),
        .target(name: "TMSEngine"),
        .target(name: "Patterning", dependencies: ["TMSEngine", "D5Taxonomy"]),
        .target(
            name: "Verification",
            dependencies: ["HighPrecision", "AnalyticOracle", "D5Taxonomy", "TMSEngine"]
        ),
        .target(
            name: "Figures",
            dependencies: ["TMSEngine", "Patterning", "D5Taxonomy", "AnalyticOracle", "HighPrecision"]
        ),
        .executableTarget(
            name: "tms",
            dependencies: [
                "HighPrecision", "AnalyticOracle", "D5Taxonomy", "TMSEngine",
                "Patterning", "Verification", "Figures",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(
            name: "TestSupport",
            dependencies: [
                "HighPrecision", "TMSEngine",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            path: "Tests/TestSupport"
        ),
        .testTarget(
            name: "HighPrecisionTests",
            dependencies: ["HighPrecision", "TestSupport", .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        .testTarget(
            name: "AnalyticOracleTests",
            dependencies: ["AnalyticOracle", "HighPrecision", "TestSupport", .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        .testTarget(
            name: "D5TaxonomyTests",
            dependencies: ["D5Taxonomy", "HighPrecision", "TestSupport", .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        .testTarget(
            name: "TMSEngineTests",
            dependencies: ["TMSEngine", "HighPrecision", "TestSupport", .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        .testTarget(
            name: "VerificationTests",
            dependencies: ["Verification", "AnalyticOracle", "D5Taxonomy", "TMSEngine", "HighPrecision", "TestSupport", .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        .testTarget(
            name: "PatterningTests",
            dependencies: ["Patterning", "AnalyticOracle", "D5Taxonomy", "TMSEngine", "HighPrecision", "TestSupport", .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        .testTarget(
            name: "ToolTests",
            dependencies: ["tms", "Verification", "TMSEngine", "HighPrecision", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            exclude: ["Corpus"]
        ),
        .testTarget(
            name: "FiguresTests",
            dependencies: ["Figures", "TMSEngine", "AnalyticOracle", "Patterning", "D5Taxonomy", "TestSupport", .product(name: "PropertyBased", package: "swift-property-based")]
        ),
    ]
)

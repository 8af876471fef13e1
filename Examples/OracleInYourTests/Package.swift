// swift-tools-version: 6.1
//
// An example of checking your own estimator against the TMSPatterning oracle
// from another package. It depends on TMSPatterning by path (this repository);
// in your own package, depend on it by URL and version instead:
//
//     .package(url: "<the repository's URL>", from: "0.1.0"),
//
// and name the products the same way (`package: "TMSPatterning"`).
import PackageDescription

let package = Package(
    name: "OracleInYourTests",
    dependencies: [
        .package(name: "TMSPatterning", path: "../.."),
    ],
    targets: [
        // Your estimator: plain Monte Carlo of the frozen square's posterior.
        // It does not depend on TMSPatterning at all.
        .target(name: "QuarticMonteCarlo"),
        // Your tests: the estimator against the oracle's closed forms and audit.
        .testTarget(
            name: "QuarticMonteCarloTests",
            dependencies: [
                "QuarticMonteCarlo",
                .product(name: "AnalyticOracle", package: "TMSPatterning"),
                .product(name: "Verification", package: "TMSPatterning"),
            ]
        ),
    ]
)

// swift-tools-version: 6.1
import PackageDescription

// The commit the binary is built from, for `--version` and every resolved scenario. The
// Makefile passes it in KSCSIM_GIT_BUILD: SwiftPM keys its manifest cache on the environment,
// but not on the git state (swiftlang/swift-package-manager#8202), so a plain `swift build`
// after a commit may keep the previous commit's value.
let gitBuild: String = {
    if let given = Context.environment["KSCSIM_GIT_BUILD"], !given.isEmpty { return given }
    guard let git = Context.gitInformation else { return "unknown" }
    return String(git.currentCommit.prefix(12)) + (git.hasUncommittedChanges ? "-dirty" : "")
}()

// Layers, lowest first; each target depends only on targets above it in this list, so a
// lower layer cannot import a higher one (it does not compile). README "Layering" draws it.
let package = Package(
    name: "kscsim",
    products: [
        .library(name: "KSCSim", targets: ["KSCExperiments"]),
        .executable(name: "kscsim", targets: ["KSCSimCommand"]),
        .executable(name: "kscsim-bench", targets: ["KSCSimBench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
    ],
    targets: [
        // The git commit of the build (a C constant Package.swift defines).
        .target(name: "CBuildInfo", cSettings: [.define("KSCSIM_GIT_BUILD", to: "\"\(gitBuild)\"")]),
        // Text, CSV and atomic-file helpers; the one error type shown to users.
        .target(name: "KSCSupport", dependencies: ["CBuildInfo"]),
        // A cache prefetch hint (C: Swift has none).
        .target(name: "CPrefetch"),
        // The clock and the future-event set: knows nothing of the domain.
        .target(name: "KSCEngine", dependencies: ["CPrefetch"]),
        // GNU GSL: the C module and the Swift bridge (errors, owned generators).
        .systemLibrary(name: "CGSL", pkgConfig: "gsl", providers: [.apt(["libgsl-dev"])]),
        .target(name: "KSCGSL", dependencies: ["CGSL", "KSCSupport"]),
        // Random streams, distributions and their text syntax, durations.
        .target(name: "KSCRandom", dependencies: ["CGSL", "KSCGSL", "KSCSupport"]),
        // Tallies, time-weighted levels, quantile sketches, confidence intervals, queueing formulas.
        .target(
            name: "KSCStatistics",
            dependencies: [
                "CGSL", "KSCGSL", .product(name: "Histogram", package: "hdrhistogram-swift"),
            ]),
        // Queues, server pools, loss pools and links shared by flows.
        .target(
            name: "KSCPrimitives",
            dependencies: ["KSCStatistics", .product(name: "HeapModule", package: "swift-collections")]),
        // Scenario types, the key schema, the YAML reader and writer.
        .target(
            name: "KSCScenario",
            dependencies: [
                "KSCSupport", "KSCGSL", "KSCRandom", .product(name: "Yams", package: "Yams"),
            ]),
        // The output records: one struct per CSV row, its columns declared once.
        .target(name: "KSCRecords", dependencies: ["KSCSupport"]),
        // The connectivity model: devices, servers, components and their rules.
        .target(
            name: "KSCModel",
            dependencies: [
                "KSCSupport", "KSCEngine", "KSCGSL", "KSCRandom", "KSCStatistics", "KSCPrimitives", "KSCScenario",
                "KSCRecords",
            ]),
        // Running replications, sweeps, merges, offered loads, theory checks.
        .target(
            name: "KSCExperiments",
            dependencies: [
                "KSCSupport", "KSCGSL", "KSCRandom", "KSCStatistics", "KSCScenario", "KSCRecords", "KSCModel",
            ]),
        // Self-contained HTML reports of result folders, with SVG figures.
        .target(
            name: "KSCReport",
            dependencies: [
                "KSCSupport", "KSCRandom", "KSCStatistics", "KSCScenario", "KSCRecords",
            ]),
        // The `kscsim` command.
        .executableTarget(
            name: "KSCSimCommand",
            dependencies: [
                "KSCSupport", "KSCGSL", "KSCRandom", "KSCScenario", "KSCModel", "KSCExperiments", "KSCReport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(
            name: "KSCSimBench",
            dependencies: ["KSCEngine", "KSCGSL", "KSCRandom", "KSCScenario", "KSCRecords", "KSCModel"],
            path: "Benchmarks/KSCSimBench"
        ),
        // Shared by the test targets: running the binary, golden files, in-memory sinks.
        .target(
            name: "TestSupport", dependencies: ["KSCSupport", "KSCRecords", "KSCModel"], path: "Tests/TestSupport"),
        .testTarget(
            name: "UnitTests",
            dependencies: [
                "TestSupport", "KSCSupport", "KSCEngine", "KSCGSL", "KSCRandom", "KSCStatistics", "KSCPrimitives",
                "KSCScenario",
            ]),
        .testTarget(
            name: "ModelTests",
            dependencies: [
                "TestSupport", "KSCSupport", "KSCEngine", "KSCRandom", "KSCStatistics", "KSCScenario", "KSCRecords",
                "KSCModel", "KSCExperiments",
            ]),
        .testTarget(
            name: "ReportTests",
            dependencies: [
                "TestSupport", "KSCSupport", "KSCScenario", "KSCExperiments", "KSCReport",
            ]),
        .testTarget(
            name: "CommandTests",
            dependencies: [
                "TestSupport", "KSCSupport", "KSCScenario", "KSCExperiments", "KSCSimCommand",
                .product(name: "Yams", package: "Yams"),
            ]),
    ],
    swiftLanguageModes: [.v6]
)

for target in package.targets where target.type == .regular {
    target.swiftSettings =
        (target.swiftSettings ?? []) + [.unsafeFlags(["-cross-module-optimization"], .when(configuration: .release))]
}
// The simulation core is optimised in debug builds too, with its assertions kept
// (`-assert-config Debug`): the tests run thousands of replications (macro-replications
// of whole procedures), and unoptimised they would take about 15 times longer.
for target in package.targets
where ["KSCEngine", "KSCRandom", "KSCStatistics", "KSCPrimitives", "KSCModel"].contains(target.name) {
    target.swiftSettings =
        (target.swiftSettings ?? []) + [.unsafeFlags(["-O", "-assert-config", "Debug"], .when(configuration: .debug))]
}

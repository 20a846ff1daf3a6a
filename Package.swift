// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "kscsim",
    products: [
        .library(name: "KSCSim", targets: ["KSCSim"]),
        .executable(name: "kscsim", targets: ["KSCSimCommand"]),
        .executable(name: "kscsim-bench", targets: ["KSCSimBench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CGSL",
            pkgConfig: "gsl",
            providers: [.apt(["libgsl-dev"])]
        ),
        .target(
            name: "KSCSim",
            dependencies: [
                "CGSL",
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .executableTarget(
            name: "KSCSimCommand",
            dependencies: [
                "KSCSim",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "KSCSimBench",
            dependencies: ["KSCSim"],
            path: "Benchmarks/KSCSimBench"
        ),
        .testTarget(
            name: "KSCSimTests",
            dependencies: ["KSCSim", "KSCSimCommand"],
            exclude: ["Golden"]
        ),
    ],
    swiftLanguageModes: [.v6]
)

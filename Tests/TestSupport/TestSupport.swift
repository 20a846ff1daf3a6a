import Foundation
import KSCModel
import KSCRecords
import Testing

/// Runs the built `kscsim` binary, as a user would.
public enum KSCSimBinary {
    public static var url: URL {
        // The test bundle sits in the build folder beside the products.
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: dir.appendingPathComponent("kscsim").path), dir.path != "/" {
            dir = dir.deletingLastPathComponent()
        }
        return dir.appendingPathComponent("kscsim")
    }

    public static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    public static let golden = packageRoot.appendingPathComponent("Tests/Golden")

    /// (exit status, stdout, stderr)
    public static func run(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:])
        throws -> (Int32, String, String)
    {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        process.environment = ["COLUMNS": "100", "PATH": "/usr/bin:/bin"].merging(environment) { $1 }
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (
            process.terminationStatus, String(decoding: outData, as: UTF8.self),
            String(decoding: errData, as: UTF8.self)
        )
    }

    /// Compares `text` with a checked-in golden file; KSCSIM_UPDATE_GOLDEN=1 rewrites it.
    /// The build line of resolved scenarios (`kscsimBuild: <commit>`) is compared as
    /// `kscsimBuild: BUILD`, so goldens do not change with every commit.
    public static func expectGolden(_ text: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation)
        throws
    {
        let text = text.replacing(/(?m)^kscsimBuild: .*$/, with: "kscsimBuild: BUILD")
        let file = golden.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["KSCSIM_UPDATE_GOLDEN"] == "1" {
            try text.write(to: file, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: file, encoding: .utf8)
        #expect(text == expected, "\(name) differs from the golden file", sourceLocation: sourceLocation)
    }

    /// Starts a long run of the default scenario (60 days, with deliveries) writing into
    /// `dir`, and returns once its first temporary file exists.
    public static func startLongRun(in dir: URL) throws -> Process {
        let process = Process()
        process.executableURL = url
        process.arguments = ["run", "--set", "horizon=60d", "--deliveries", "--out", dir.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).isEmpty {
            Thread.sleep(forTimeInterval: 0.02)
        }
        return process
    }

    public static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kscsim-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }
}

/// Collects the model's records in memory.
public struct MemorySink: RecordSink {
    public var deliveries: [DeliveryRecord] = []
    public var samples: [TimeseriesRecord] = []
    public init() {}
    public var wantsDeliveries: Bool { true }
    public mutating func record(_ delivery: DeliveryRecord) { deliveries.append(delivery) }
    public mutating func record(_ sample: TimeseriesRecord) { samples.append(sample) }
}

/// A small deterministic generator for test inputs (SplitMix64).
public struct SplitMix64 {
    public var state: UInt64
    public init(state: UInt64) { self.state = state }

    public mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
    /// A whole number from 0 to n - 1.
    public mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    public mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
    /// A number in [0, 1).
    public mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }
}

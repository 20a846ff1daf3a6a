import Foundation
import TestSupport
import Testing

/// The README, the tutorial and the cookbook cannot rot: every `sh` block of each runs, in order, with the
/// built kscsim first on the PATH, in a fresh folder holding a copy of `Models/` (as a clean
/// checkout has it), and must exit 0. Blocks shown but not run are fenced `text`.
@Suite("Recipes in the documentation", .serialized)
struct RecipeTests {
    /// The `sh` blocks of a markdown text, in order.
    static func shellBlocks(_ text: String) -> [String] {
        text.matches(of: /```sh\n((?:.|\n)*?)```/).map { String($0.output.1) }
    }

    @Test("every command of the document runs", arguments: ["README.md", "docs/tutorial.md", "docs/cookbook.md"])
    func recipes(document: String) throws {
        let text = try String(
            contentsOf: KSCSimBinary.packageRoot.appendingPathComponent(document), encoding: .utf8)
        let blocks = Self.shellBlocks(text)
        #expect(blocks.count >= (document == "README.md" ? 1 : 5), "\(document) has \(blocks.count) sh blocks")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("recipes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.copyItem(
            at: KSCSimBinary.packageRoot.appendingPathComponent("Models"), to: dir.appendingPathComponent("Models"))
        let bin = KSCSimBinary.url.deletingLastPathComponent().path
        for (i, block) in blocks.enumerated() {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-e", "-c", block]
            process.currentDirectoryURL = dir
            var environment = ProcessInfo.processInfo.environment
            environment["PATH"] = bin + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
            process.environment = environment
            let errors = Pipe()
            process.standardOutput = FileHandle.nullDevice
            process.standardError = errors
            try process.run()
            let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(
                process.terminationStatus == 0,
                "\(document), block \(i + 1) exited \(process.terminationStatus):\n\(block)\n\(message.suffix(1500))")
        }
    }
}

import Foundation

/// A file written under a temporary name beside its final path and renamed into
/// place only by `commit()`, so that a failed or interrupted run leaves no half file
/// and never damages an earlier complete one.
public final class OutputFile {
    /// Final path.
    public let path: String
    /// Temporary path while writing.
    public let temporaryPath: String
    private var handle: FileHandle?
    private var buffer = ""

    /// Opens `path`'s temporary file for writing.
    /// - Throws: `InputError` naming the path when it cannot be created.
    public init(path: String) throws {
        self.path = path
        let dir = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        temporaryPath = (dir.isEmpty ? "" : dir + "/") + ".\(name).tmp-\(ProcessInfo.processInfo.processIdentifier)"
        guard FileManager.default.createFile(atPath: temporaryPath, contents: nil),
            let handle = FileHandle(forWritingAtPath: temporaryPath)
        else {
            throw InputError("cannot write \(path): cannot create \(temporaryPath)")
        }
        self.handle = handle
        TemporaryFiles.shared.register(temporaryPath)
    }

    /// Appends text (buffered).
    public func write(_ text: String) throws {
        buffer += text
        if buffer.utf8.count >= 1 << 20 { try flush() }
    }

    private func flush() throws {
        guard let handle, !buffer.isEmpty else { return }
        do { try handle.write(contentsOf: Data(buffer.utf8)) } catch {
            throw InputError("cannot write \(path): \(error.localizedDescription)")
        }
        buffer = ""
    }

    /// Flushes, closes and renames the file to its final path.
    public func commit() throws {
        try flush()
        try handle?.synchronize()
        try handle?.close()
        handle = nil
        guard rename(temporaryPath, path) == 0 else {
            throw InputError("cannot write \(path): rename failed (\(String(cString: strerror(errno))))")
        }
        TemporaryFiles.shared.unregister(temporaryPath)
    }

    /// Closes and deletes the temporary file.
    public func discard() {
        try? handle?.close()
        handle = nil
        unlink(temporaryPath)
        TemporaryFiles.shared.unregister(temporaryPath)
    }

    deinit {
        if handle != nil { discard() }
    }

    /// Writes `text` to `path` atomically.
    public static func write(_ text: String, to path: String) throws {
        let file = try OutputFile(path: path)
        do {
            try file.write(text)
            try file.commit()
        } catch {
            file.discard()
            throw error
        }
    }
}

/// The temporary files being written, so that an interrupt can delete them.
public final class TemporaryFiles: @unchecked Sendable {
    public static let shared = TemporaryFiles()
    private let lock = NSLock()
    private var paths: Set<String> = []

    func register(_ path: String) { lock.withLock { _ = paths.insert(path) } }
    func unregister(_ path: String) { lock.withLock { _ = paths.remove(path) } }

    /// Deletes the temporary files (`.NAME.tmp-PID`) in `directory` of processes that no
    /// longer exist on this host: what a killed run or sweep left behind.
    /// - Returns: the names deleted.
    @discardableResult
    public static func removeStale(in directory: String) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        var removed: [String] = []
        for name in names where name.hasPrefix(".") {
            guard let range = name.range(of: ".tmp-", options: .backwards), let pid = Int32(name[range.upperBound...]),
                pid > 0, !processExists(pid)
            else { continue }
            if unlink((directory as NSString).appendingPathComponent(name)) == 0 { removed.append(name) }
        }
        return removed
    }

    /// Whether process `pid` exists on this host.
    public static func processExists(_ pid: Int32) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }

    /// Deletes every registered temporary file.
    public func removeAll() {
        lock.withLock {
            for path in paths { unlink(path) }
            paths.removeAll()
        }
    }
}

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
        temporaryPath =
            (dir.isEmpty ? "" : dir + "/")
            + ".\(name).tmp-\(TemporaryFiles.host)-\(ProcessInfo.processInfo.processIdentifier)"
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

    /// This host's name (`gethostname`), as temporary files and claims carry it: a folder on a
    /// network file system is shared by hosts whose process ids mean nothing to each other.
    public static let host: String = {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        // A name goes into file names: keep it to characters that are safe there.
        let safe = name.map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "_" || $0 == "-" ? $0 : "_" }
        return safe.isEmpty ? "localhost" : String(safe)
    }()

    /// A temporary file of another host is deleted only when it has not changed for this long,
    /// s: a process writing one changes it far more often (documented in docs/reference/limits.md).
    public static let foreignAge: Double = 86_400

    /// Deletes the temporary files (`.NAME.tmp-HOST-PID`) in `directory` that a killed run or
    /// sweep left behind: those of this host whose process no longer exists, and those of
    /// another host unchanged for `foreignAge` (a process id of another host cannot be
    /// checked from here). Names of older builds (`.NAME.tmp-PID`) count as this host's.
    /// - Returns: the names deleted.
    @discardableResult
    public static func removeStale(in directory: String) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        var removed: [String] = []
        for name in names where name.hasPrefix(".") {
            guard let range = name.range(of: ".tmp-", options: .backwards) else { continue }
            let owner = name[range.upperBound...]
            let path = (directory as NSString).appendingPathComponent(name)
            let dash = owner.lastIndex(of: "-")
            let fileHost = dash.map { String(owner[..<$0]) } ?? host
            guard let pid = Int32(dash.map { owner[owner.index(after: $0)...] } ?? owner), pid > 0 else { continue }
            let stale: Bool
            if fileHost == host {
                stale = !processExists(pid)
            } else {
                var info = stat()
                stale = stat(path, &info) == 0 && Double(time(nil) - info.st_mtim.tv_sec) > foreignAge
            }
            if stale, unlink(path) == 0 { removed.append(name) }
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

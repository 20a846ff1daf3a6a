import Foundation

/// Reads a text file line by line in fixed-size chunks, so that a file of millions of rows
/// costs a chunk of memory, not the file. A line is a CSV record: a line end inside a quoted
/// field (an odd number of quotes so far) does not end it.
public struct LineReader {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var start = 0
    private var atEnd = false
    /// Bytes per read.
    static let chunk = 1 << 20

    /// Opens `path`.
    /// - Throws: `InputError` naming the file when it cannot be opened.
    public init(path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw InputError("\(path): cannot be read (missing, or not a file)")
        }
        self.handle = handle
    }

    /// The next record with its line end (`\r\n` or `\n`) as written, or nil at the end of the
    /// file; the last record may lack a line end.
    /// - Complexity: amortised O(length of the record).
    public mutating func nextRaw() -> String? {
        var quotes = 0
        var i = start
        while true {
            while i < buffer.count {
                let byte = buffer[i]
                if byte == UInt8(ascii: "\"") { quotes += 1 }
                if byte == UInt8(ascii: "\n"), quotes % 2 == 0 {
                    let line = String(decoding: buffer[start...i], as: UTF8.self)
                    start = i + 1
                    return line
                }
                i += 1
            }
            if atEnd {
                guard start < buffer.count else { return nil }
                let line = String(decoding: buffer[start...], as: UTF8.self)
                start = buffer.count
                return line
            }
            // Keep the unread part, then read more.
            buffer.removeFirst(start)
            i -= start
            start = 0
            let data = handle.readData(ofLength: LineReader.chunk)
            if data.isEmpty { atEnd = true } else { buffer.append(contentsOf: data) }
        }
    }

    /// The next record without its line end, or nil at the end of the file.
    public mutating func next() -> String? {
        guard var line = nextRaw() else { return nil }
        if line.hasSuffix("\r\n") || line.hasSuffix("\n") { line.removeLast() }  // "\r\n" is one Character
        return line
    }
}

/// FNV-1a, 64 bits, fed in pieces: the same value as hashing the whole text at once.
public struct FNV1a64 {
    public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325
    public init() {}
    public mutating func add(_ text: String) {
        for byte in text.utf8 {
            value ^= UInt64(byte)
            value = value &* 0x0000_0100_0000_01b3
        }
    }
}

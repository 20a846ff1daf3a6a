import Glibc

/// The buffers the queues own: bitwise-copyable elements in memory from `malloc`, resized
/// with `realloc`, which remaps a large buffer instead of copying it (so growing never holds
/// two copies) and leaves pages never written out of the resident set.
enum RawBuffer {
    /// `pointer`'s buffer resized to `count` elements (at least 1), its first elements kept;
    /// a new buffer when nil. `T` must be bitwise-copyable: `realloc` may move it.
    /// - Parameter owner: what the buffer is for, named if memory runs out.
    static func resize<T>(_ pointer: UnsafeMutablePointer<T>?, count: Int, owner: String) -> UnsafeMutablePointer<T> {
        guard let raw = realloc(pointer, Swift.max(count, 1) * MemoryLayout<T>.stride) else {
            fatalError("out of memory: \(owner), \(count) elements of \(MemoryLayout<T>.stride) bytes")
        }
        return raw.bindMemory(to: T.self, capacity: count)
    }

    /// Frees a buffer that `resize` made.
    static func free<T>(_ pointer: UnsafeMutablePointer<T>) {
        Glibc.free(pointer)
    }
}

/// A problem with what the user gave kscsim (a scenario, a flag, a value), worded
/// for the user: it names the place, quotes the value and says what is allowed.
public struct InputError: Error, CustomStringConvertible, Equatable {
    /// The full one-line message.
    public let message: String

    /// The message, with any word or quoted value longer than 100 characters shortened
    /// (a user's value can be a megabyte long; the error stays one readable line).
    public init(_ message: String) {
        self.message = InputError.shortened(message)
    }

    /// `message` with each space-separated word longer than 100 characters cut to its
    /// first 80 and a note of its length.
    static func shortened(_ message: String) -> String {
        guard message.count > 100 else { return message }
        return message.split(separator: " ", omittingEmptySubsequences: false).map { word in
            word.count > 100 ? "\(word.prefix(80))…(\(word.count) characters)" : String(word)
        }.joined(separator: " ")
    }

    /// The same error with `context` (a file and line, a key, a flag) in front.
    public func prefixed(_ context: String) -> InputError {
        InputError("\(context): \(message)")
    }

    public var description: String { message }
}

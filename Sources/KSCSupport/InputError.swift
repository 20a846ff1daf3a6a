

/// A problem with what the user gave kscsim (a scenario, a flag, a value), worded
/// for the user: it names the place, quotes the value and says what is allowed.
public struct InputError: Error, CustomStringConvertible, Equatable {
    /// The full one-line message.
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    /// The same error with `context` (a file and line, a key, a flag) in front.
    public func prefixed(_ context: String) -> InputError {
        InputError("\(context): \(message)")
    }

    public var description: String { message }
}

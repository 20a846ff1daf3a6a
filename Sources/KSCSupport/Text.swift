extension Double {
    /// `2` rather than `2.0`; otherwise Swift's shortest round-trip text.
    public var shortText: String {
        self == rounded() && abs(self) < 1e15 ? String(Int(self)) : String(self)
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and newlines.
    public func trimmingSpaces() -> String {
        var slice = Substring(self)
        while let first = slice.first, first.isWhitespace { slice.removeFirst() }
        while let last = slice.last, last.isWhitespace { slice.removeLast() }
        return String(slice)
    }
}

extension Character {
    /// 0-9 only (not other scripts' digits).
    public var isASCIIDigit: Bool { isASCII && isNumber }
}

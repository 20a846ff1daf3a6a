import CGSL
import KSCSupport

/// An error reported by GNU GSL, with its status code and the operation that failed.
public struct GSLError: Error, CustomStringConvertible, Equatable {
    /// GSL status code (`GSL_EDOM`, `GSL_ENOMEM`, ...).
    public let status: Int32
    /// What kscsim was doing.
    public let operation: String

    public init(status: Int32, operation: String) {
        self.status = status
        self.operation = operation
    }

    public var description: String {
        let reason = String(cString: gsl_strerror(status))
        return "GSL error \(status) in \(operation): \(reason)"
    }
}

/// GSL set-up done once per process: turn off GSL's abort-on-error handler so that
/// status codes come back to Swift and become `GSLError`s.
public enum GSL {
    private static let setUp: Void = {
        _ = gsl_set_error_handler_off()
    }()

    /// Idempotent; every entry point that calls GSL calls this first.
    public static func initialize() {
        _ = setUp
    }

    /// Throws a `GSLError` when `status` is not `GSL_SUCCESS`.
    public static func check(_ status: Int32, _ operation: @autoclosure () -> String) throws {
        if status != Int32(GSL_SUCCESS) {
            throw GSLError(status: status, operation: operation())
        }
    }
}

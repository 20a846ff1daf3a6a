import CBuildInfo

/// kscsim's version and build, written into every resolved scenario.
public enum KSCSimVersion {
    /// The release version.
    public static let current = "0.1.0"
    /// The git commit of the build (12 hex digits, `-dirty` when the work tree had uncommitted
    /// changes), or `unknown` for a build outside a git checkout.
    public static let build = String(cString: kscsim_git_build())
    /// What `--version` prints: `0.1.0 (commit 4822248abcde)`.
    public static var long: String { "\(current) (commit \(build))" }
}



/// kscsim's version, written into every resolved scenario.
public enum KSCSimVersion {
    public static let current = "0.1.0"
}

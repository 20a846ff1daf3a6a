import ArgumentParser
import KSCSim

@main
struct KSCSimCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kscsim",
        abstract: "Discrete-event simulator of Kaspersky Security Center agents reaching an Administration Server over the Internet.",
        version: KSCSimVersion.current,
        subcommands: []
    )
}

import Foundation
import Testing

@testable import KSCScenario
@testable import KSCSupport

/// The keys of Internet topologies (TopologySchema.swift): read, written back, refused.
@Suite("Topology keys")
struct TopologySchemaTests {
    static let topology = """
        name: t
        servers:
          - {name: primary, syncWorkers: 8}
          - {name: second}
          - {name: virt, physical: primary}
        gateways:
          - {name: dmz, server: primary, capacity: 50, outages: [{start: 1h, duration: 10m}]}
        sites:
          - {name: office, server: second, availability: {type: onoff, on: 3h, off: 1h}}
        classes:
          - {name: remote, devices: 10, gateway: dmz}
          - {name: branch, devices: 10, site: office}
          - {name: hq, devices: 10, server: virt}
        """

    @Test(
        "a topology reads, resolves and reads back to the same scenario; a one-server scenario writes none of its keys")
    func roundTrip() throws {
        let s = try Scenario.parse(yaml: Self.topology, origin: "t.yaml")
        #expect(s.servers.map(\.name) == ["primary", "second", "virt"] && s.physicalIndex(of: 2) == 0)
        #expect(s.serverIndex(ofClass: 0) == 0 && s.serverIndex(ofClass: 1) == 1 && s.serverIndex(ofClass: 2) == 2)
        #expect(try Scenario.parse(yaml: s.resolvedYAML, origin: "r") == s)
        let single = try Scenario.parse(yaml: "name: s\nclasses: [{name: a, devices: 1}]\n", origin: "s.yaml")
            .resolvedYAML
        for key in ["servers:", "gateways:", "sites:", "physical:", "gateway:", "site:"] {
            #expect(!single.contains(key))
        }
        #expect(single.contains("\nserver:\n"))
    }

    @Test(
        "a bad topology gets one error naming the key, the value and what exists",
        arguments: [
            (
                "classes.remote.gateway=dm",
                "classes.remote.gateway: no gateway named \"dm\"; did you mean \"dmz\"? gateways: dmz"
            ),
            ("classes.hq.server=primry", "classes.hq.server: no server named \"primry\"; did you mean \"primary\"?"),
            ("sites.office.server=nowhere", "sites.office.server: no server named \"nowhere\""),
            ("servers.virt.physical=virt", "servers.virt.physical: a server cannot be its own physical server"),
            (
                "servers.second.physical=virt",
                "servers.second.physical: \"virt\" is itself virtual (on \"primary\"); name the physical server"
            ),
            ("classes.remote.site=office", "classes.remote: a class is behind a gateway or in a site, not both"),
            (
                "classes.remote.server=second",
                "classes.remote.server: \"second\", but its gateway \"dmz\" relays to \"primary\""
            ),
            (
                "gateways.dmz.availability={type: weekly, days: mon, start: \"08:00\", end: \"18:00\"}",
                "a gateway or relay is `always` or `{type: onoff, on: D, off: D}`, not weekly"
            ),
            ("gateways.dmz.capacity=0", "gateways.dmz.capacity"),
        ])
    func refused(override: String, message: String) throws {
        let error = #expect(throws: InputError.self) {
            try Scenario.parse(yaml: Self.topology, origin: "t.yaml", overrides: [override])
        }
        #expect(error?.message.contains(message) == true, "got: \(error?.message ?? "no error")")
    }

    @Test("gateways cannot be chained, and server and servers cannot both be given")
    func structure() throws {
        let chained = Self.topology.replacingOccurrences(
            of: "{name: dmz, server: primary,", with: "{name: dmz, gateway: other,")
        let error = #expect(throws: InputError.self) { try Scenario.parse(yaml: chained, origin: "t.yaml") }
        #expect(
            error?.message.contains("t.yaml:7") == true && error?.message.contains("gateway") == true,
            "got: \(error?.message ?? "")")
        let both = #expect(throws: InputError.self) {
            try Scenario.parse(
                yaml: "name: b\nserver: {syncWorkers: 2}\nservers: [{name: a}]\nclasses: [{name: c, devices: 1}]\n",
                origin: "b.yaml")
        }
        #expect(both?.message.contains("give either server (one server) or servers (a list), not both") == true)
    }
}

import Testing

@testable import KSCRandom
@testable import KSCSupport

@Suite("DurationText")
struct DurationTextTests {
    @Test(
        "units",
        arguments: [
            ("250ms", 0.25), ("30s", 30), ("15m", 900), ("8h", 28_800), ("7d", 604_800), ("1.5", 1.5), ("0", 0),
            (".5s", 0.5),
        ])
    func parse(text: String, seconds: Double) throws {
        #expect(try DurationText.seconds(text) == seconds)
    }

    @Test("malformed durations are rejected", arguments: ["", "m", "15 minutes", "15mm", "1e", "abc", "nan", "inf"])
    func malformed(text: String) {
        let error = #expect(throws: InputError.self) { try DurationText.seconds(text) }
        #expect(error?.message.hasPrefix("invalid duration \"\(text)\": expected a number with a unit") == true)
    }

    @Test(
        "format picks the largest exact unit",
        arguments: [(900.0, "15m"), (0.04, "40ms"), (1.5, "1.5s"), (604_800, "7d"), (0, "0s"), (5400, "90m")])
    func format(seconds: Double, text: String) {
        #expect(DurationText.format(seconds) == text)
    }

    @Test("every whole number of milliseconds reads as the nearest double and writes back to the same text")
    func millisecondsRoundTrip() throws {
        for ms in 1...999 {
            let seconds = try DurationText.seconds("\(ms)ms")
            #expect(seconds == Double(ms) / 1000, "\(ms)ms")
            #expect(DurationText.format(seconds) == "\(ms)ms", "\(ms)ms")
            #expect(try DurationText.seconds(DurationText.format(seconds)) == seconds, "\(ms)ms")
        }
        // A value no text in ms gives exactly is written in seconds, and reads back the same.
        let odd = 0.072 + 1e-17
        #expect(try DurationText.seconds(DurationText.format(odd)) == odd)
    }
}

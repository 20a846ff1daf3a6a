import Foundation
import KSCSupport
import TestSupport
import Testing

@testable import KSCReport

/// The report reads timeseries.csv a chunk at a time into at most 2,000 bins per curve.
@Suite("Time-series means")
struct SeriesMeansTests {
    static func write(_ text: String) throws -> String {
        let dir = try KSCSimBinary.temporaryDirectory()
        let path = dir.appendingPathComponent("timeseries.csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("few samples: each point is the mean over replications at its time; unknown in one is unknown")
    func exact() throws {
        let text =
            "replication,time_s,queue_length\r\n1,0,2\r\n1,600,4\r\n1,1200,\r\n2,0,4\r\n2,600,8\r\n2,1200,1\r\n"
        let means = try SeriesMeans(path: try Self.write(text), columns: ["queue_length"], horizon: 86_400)
        let points = means.points("queue_length", scale: 0.5)
        #expect(!means.binned)
        #expect(points.map(\.x) == [0, 600, 1200])
        #expect(points[0].y == 1.5 && points[1].y == 3 && points[2].y.isNaN)
        // The French dialect with a byte-order mark reads the same.
        let fr = "\u{FEFF}replication;time_s;queue_length\r\n1;0;2,5\r\n2;0;3,5\r\n"
        let french = try SeriesMeans(path: try Self.write(fr), columns: ["queue_length"], horizon: 86_400)
        #expect(french.points("queue_length", scale: 1).map(\.y) == [3])
    }

    @Test("many samples: at most 2,000 points, each the mean of the samples in its bin")
    func binned() throws {
        // 10,000 sampling times over 10,000 s: 5 per bin of 5 s, value = time.
        var text = "replication,time_s,busy_workers\r\n"
        for t in 0..<10_000 { text += "1,\(t),\(t)\r\n" }
        let means = try SeriesMeans(path: try Self.write(text), columns: ["busy_workers"], horizon: 10_000)
        let points = means.points("busy_workers", scale: 1)
        #expect(means.binned && points.count == 2000)
        #expect(points[0].x == 2 && points[0].y == 2)
        #expect(points[1999].x == 9997 && points[1999].y == 9997)
        #expect(throws: InputError.self) {
            try SeriesMeans(path: try Self.write("a,b\r\n1,2\r\n"), columns: ["busy_workers"], horizon: 10)
        }
    }
}

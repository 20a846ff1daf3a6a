import Testing

@testable import KSCSupport

@Suite("CSVReader")
struct CSVReaderTests {
    @Test("quoted fields, escaped quotes, CRLF")
    func rfc4180() throws {
        let rows = try CSVReader.rows("a,b\r\n\"x,1\",\"say \"\"hi\"\"\"\r\n,\n", file: "t.csv")
        #expect(rows == [["a", "b"], ["x,1", "say \"hi\""], ["", ""]])
    }

    @Test("an unterminated quote names the file and line")
    func unterminated() {
        let error = #expect(throws: InputError.self) { try CSVReader.rows("a\n\"oops\n", file: "t.csv") }
        #expect(error?.message == "t.csv:2: unterminated quoted field")
    }
}

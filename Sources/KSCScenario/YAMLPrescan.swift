import CYaml
import KSCSupport

/// Counts the items of every YAML collection from libyaml's events, before any node is built,
/// so that an oversized list is refused while the file is read, in time and memory that do not
/// grow with the list (a million tasks cost 12 s and 1.5 GB to build as nodes before the task
/// limit could refuse them).
enum YAMLPrescan {
    /// Refuses a collection of more than `ConfigNode.maximumItems` items, or a top-level list or
    /// mapping named in `limits` with more items than its limit, naming the file, line and key.
    /// Malformed YAML passes: the parser that follows names its error.
    /// - Complexity: O(n) in the text, O(depth) memory.
    static func check(_ yaml: String, origin: String, limits: [String: Int]) throws {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return }
        defer { yaml_parser_delete(&parser) }
        var bytes = Array(yaml.utf8)
        try bytes.withUnsafeMutableBufferPointer { buffer in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            // One frame per open collection: its children so far, whether it is a mapping,
            // its line, and its name and limit when it is a limited top-level value.
            var stack: [(children: Int, mapping: Bool, line: Int, name: String?, limit: Int)] = []
            var topKey: String?
            var event = yaml_event_t()
            while true {
                guard yaml_parser_parse(&parser, &event) == 1 else { return }
                defer { yaml_event_delete(&event) }
                let type = event.type
                if type == YAML_STREAM_END_EVENT { return }
                let isNode =
                    type == YAML_SCALAR_EVENT || type == YAML_ALIAS_EVENT || type == YAML_SEQUENCE_START_EVENT
                    || type == YAML_MAPPING_START_EVENT
                if isNode, !stack.isEmpty {
                    let i = stack.count - 1
                    stack[i].children += 1
                    let frame = stack[i]
                    let items = frame.mapping ? (frame.children + 1) / 2 : frame.children
                    if items > frame.limit {
                        let what = frame.mapping ? "keys" : "elements"
                        let key = frame.name.map { "\($0): " } ?? ""
                        throw InputError(
                            "\(SourceLocation(origin: origin, line: frame.line)): \(key)more than \(frame.limit) \(what); at most \(frame.limit)"
                        )
                    }
                    // A key of the top-level mapping names the value that follows it.
                    if i == 0, frame.mapping, frame.children % 2 == 1, type == YAML_SCALAR_EVENT {
                        let scalar = event.data.scalar
                        topKey = String(
                            decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
                    } else if i == 0, frame.children % 2 == 1 {
                        topKey = nil
                    }
                }
                if type == YAML_SEQUENCE_START_EVENT || type == YAML_MAPPING_START_EVENT {
                    let line = Int(event.start_mark.line) + 1
                    let named = stack.count == 1 && stack[0].mapping ? topKey : nil
                    let limit = min(named.flatMap { limits[$0] } ?? ConfigNode.maximumItems, ConfigNode.maximumItems)
                    stack.append((0, type == YAML_MAPPING_START_EVENT, line, named, limit))
                } else if type == YAML_SEQUENCE_END_EVENT || type == YAML_MAPPING_END_EVENT {
                    stack.removeLast()
                }
            }
        }
    }
}

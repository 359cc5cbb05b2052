import Yams

extension NodeReader {
    static let playItemKeys = ["prompt", "tone", "duration_s", "silence_ms"]
    /// Tone names, as the media layer knows them (E.180 values per country).
    public static let toneNames = ["ringback", "busy", "congestion", "dial", "beep"]

    /// `play: welcome`, `play: [welcome, {tone: beep}]` or `play: {tone: busy, duration_s: 3}`.
    mutating func decodePlayItems(_ node: Node, path: String) -> [PlayItem]? {
        switch node {
        case .sequence(let items):
            var result: [PlayItem] = []
            for (index, item) in items.enumerated() {
                guard let decoded = decodePlayItem(item, path: path + "[\(index)]") else { return nil }
                result.append(decoded)
            }
            if result.isEmpty {
                report(node, path, "nothing to play", fix: "name a prompt, e.g. 'play: welcome'")
                return nil
            }
            return result
        default:
            return decodePlayItem(node, path: path).map { [$0] }
        }
    }

    private mutating func decodePlayItem(_ node: Node, path: String) -> PlayItem? {
        if case .scalar = node {
            guard let name = string(node, path: path, what: "a prompt name") else { return nil }
            refer(.prompt, name, node, path)
            return .prompt(name)
        }
        guard let entries = mapping(node, path: path, keys: Self.playItemKeys) else { return nil }
        let keys = Set(entries.map(\.key))
        if let prompt = entries.first(where: { $0.key == "prompt" }) {
            guard keys == ["prompt"] else {
                report(node, path, "'prompt' cannot be combined with tone or silence", fix: "use one list item each")
                return nil
            }
            guard let name = string(prompt.value, path: join(path, "prompt"), what: "a prompt name") else { return nil }
            refer(.prompt, name, prompt.value, join(path, "prompt"))
            return .prompt(name)
        }
        if let silence = entries.first(where: { $0.key == "silence_ms" }) {
            guard keys == ["silence_ms"] else {
                report(node, path, "'silence_ms' stands alone", fix: "use one list item each")
                return nil
            }
            return integer(silence.value, path: join(path, "silence_ms"), range: 1...60_000).map { .silence(milliseconds: $0) }
        }
        guard let tone = entries.first(where: { $0.key == "tone" }) else {
            report(node, path, "expected 'prompt', 'tone' or 'silence_ms'", fix: "write e.g. '{tone: beep}'")
            return nil
        }
        guard let name = string(tone.value, path: join(path, "tone"), what: "a tone name") else { return nil }
        guard Self.toneNames.contains(name) else {
            report(tone.value, join(path, "tone"), "unknown tone '\(name)'",
                   fix: Suggestion.fix(for: name, among: Self.toneNames, listing: "tones"))
            return nil
        }
        var milliseconds = name == "beep" ? 250 : 3000
        if let duration = entries.first(where: { $0.key == "duration_s" }) {
            guard let seconds = integer(duration.value, path: join(path, "duration_s"), range: 1...300) else { return nil }
            milliseconds = seconds * 1000
        }
        return .tone(name: name, milliseconds: milliseconds)
    }
}

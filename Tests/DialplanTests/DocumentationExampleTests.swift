import CoreTypes
import Foundation
import Testing
@testable import Dialplan

/// Every YAML example of docs/dialplans.md, read from the document itself: each loads on its
/// own (trunks `carrier` and `backup` known) and passes its `tests:`, and the worked
/// examples behave as their text says.
extension DocumentedExampleTests {
    struct Example {
        var heading: String
        var line: Int
        var yaml: String
    }

    static func examples() throws -> [Example] {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/dialplans.md").path
        let lines = try String(contentsOfFile: path, encoding: .utf8).components(separatedBy: "\n")
        var examples: [Example] = []
        var heading = ""
        var current: Example?
        for (index, line) in lines.enumerated() {
            if var example = current {
                if line == "```" {
                    examples.append(example)
                    current = nil
                } else {
                    example.yaml += line + "\n"
                    current = example
                }
            } else if line.hasPrefix("#") {
                heading = line.drop(while: { $0 == "#" }).trimmingCharacters(in: .whitespaces)
            } else if line == "```yaml" {
                current = Example(heading: heading, line: index + 2, yaml: "")
            }
        }
        return examples
    }

    func example(_ heading: String) throws -> Dialplan {
        let found = try #require(try Self.examples().first { $0.heading == heading }, "no example under '\(heading)'")
        return try load(found.yaml)
    }

    @Test func everyYAMLExampleInTheDocumentLoadsAndPassesItsTests() throws {
        let examples = try Self.examples()
        #expect(examples.count == 13)
        for example in examples {
            let found = findings(example.yaml)
            #expect(found.isEmpty, "docs/dialplans.md:\(example.line) (\(example.heading)): \(found)")
            guard found.isEmpty else { continue }
            let failures = DialplanTests.run(try load(example.yaml)).flatMap(\.failures)
            #expect(failures.isEmpty, "docs/dialplans.md:\(example.line): \(failures)")
        }
    }

    @Test func didMenuExample() throws {
        let dialplan = try example("Worked example: a DID opens an IVR menu that leads to destinations")
        let entry = dialplan.entry(for: .trunk(name: "carrier", did: "2125550100"), dialed: "2125550100")
        #expect(entry.context == "main-line" && entry.number == "+12125550100")
        var call = try CallDriver(dialplan, context: "main-line", number: entry.number)
        #expect(call.start() == [.answer, prompts("main-menu")])
        #expect(call.send(.digit("2"), after: 2) == [.stopPlayback, dialing("+12125550102", trunks: ["carrier", "backup"])])
        #expect(call.send(.dialFailed(cause: "user_busy"), after: 20) == [.hangup(cause: "user_busy")])

        var silent = try CallDriver(dialplan, context: "main-line", number: entry.number)
        _ = silent.start()
        for (id, start) in [(1, Int64(3)), (2, 15)] {
            #expect(silent.send(.playbackFinished, after: start - silent.now) == [timer(id, at: start + 6)])
            #expect(silent.send(.timer(id), after: 6) == [prompts("are-you-there")])
            #expect(silent.send(.playbackFinished) == [prompts("main-menu")])
        }
        #expect(silent.send(.playbackFinished, after: 3) == [timer(3, at: 30)])
        #expect(silent.send(.timer(3), after: 6) == [prompts("goodbye")])
        #expect(silent.send(.playbackFinished, after: 2) == [.hangup(cause: "no_user_response")])
    }

    @Test func officeHoursExample() throws {
        let dialplan = try example("Worked example: office hours with a holiday list")
        let open = ["2026-06-02T14:00:00Z", "2026-06-06T15:00:00Z", "2026-12-24T16:00:00Z"]
        let closed = ["2026-06-02T22:00:00Z", "2026-06-06T18:00:00Z", "2026-07-03T14:00:00Z",
                      "2026-12-24T17:00:00Z", "2026-12-25T15:00:00Z", "2027-01-01T15:00:00Z"]
        for wall in open {
            var call = try CallDriver(dialplan, context: "office", number: "2125550100", wall: wall)
            #expect(call.start() == [dialing("+12125550123", answerTimeout: 25)], "\(wall)")
        }
        for wall in closed {
            var call = try CallDriver(dialplan, context: "office", number: "2125550100", wall: wall)
            #expect(call.start() == [.answer, .play([.prompt("closed"), .tone(name: "beep", milliseconds: 250)])], "\(wall)")
        }
    }

    @Test func callLinkExample() throws {
        let dialplan = try example("Worked example: a call link pinned to one number")
        let entry = dialplan.entry(for: .web(identity: "guest", classes: [], callLink: "support-line"), dialed: "+19005550100")
        #expect(entry.context == "web-links" && entry.number == "+18005550199")
        #expect(dialplan.entry(for: .web(identity: "guest", classes: [], callLink: nil), dialed: "+18005550199").context == nil)
    }

    @Test func webEntryPointsExample() throws {
        let dialplan = try example("Worked example: entry points for web users by identity, class and link")
        func context(_ identity: String, _ classes: [String], link: String? = nil) -> String? {
            dialplan.entry(for: .web(identity: identity, classes: classes, callLink: link), dialed: "2125550150").context
        }
        #expect(context("alice", ["staff"]) == "web-world")
        #expect(context("bob", ["staff"]) == "web-national")
        #expect(context("carol", []) == "web-local")
        #expect(context("alice", ["staff"], link: "sales") == "web-local")
    }

    @Test func collectExtensionExample() throws {
        let dialplan = try example("Worked example: collect digits and dial an extension built from them")
        var call = try CallDriver(dialplan, context: "extensions", number: "+12125550100")
        #expect(call.start() == [.answer, prompts("enter-extension")])
        #expect(call.send(.playbackFinished, after: 3) == [timer(1, at: 8)])
        #expect(call.press("0142").last == [.cancelTimer, dialing("+12125550142", answerTimeout: 20)])
        #expect(call.send(.dialFailed(cause: "no_answer"), after: 20) == [prompts("extension-unavailable")])
        #expect(call.send(.playbackFinished, after: 2) == [.hangup(cause: "no_answer")])
    }

    @Test func agentsExample() throws {
        let dialplan = try example("Agents and queues")
        let entry = dialplan.entry(for: .trunk(name: "carrier", did: "2125550100"), dialed: "2125550100")
        #expect(entry.context == "front-desk")
        var sales = try CallDriver(dialplan, context: "front-desk", number: entry.number)
        #expect(sales.start() == [.answer, prompts("front-desk-menu")])
        let request = AgentsRequest(target: .group("sales"), maxWaitSeconds: 120, music: "hold-music",
                                    caller: CallerID(number: "+14155550123"), keys: "1")
        #expect(sales.send(.digit("1"), after: 2) == [.stopPlayback, .agents(request)])
        #expect(sales.send(.dialFailed(cause: "no_answer"), after: 120) == [prompts("nobody-available")])
        #expect(sales.send(.playbackFinished, after: 3) == [.hangup(cause: "normal_clearing")])

        var direct = try CallDriver(dialplan, context: "front-desk", number: entry.number)
        _ = direct.start()
        #expect(direct.send(.digit("2"), after: 2) == [.stopPlayback, prompts("enter-extension")])
        let agent = AgentsRequest(target: .agent("201"), caller: CallerID(number: "+14155550123"), keys: "2201")
        #expect(direct.press("201").last == [.cancelTimer, .agents(agent)])
        #expect(direct.send(.dialAnswered, after: 5) == [] && direct.run.state == .connected)
    }

    @Test func callerPrivacyExample() throws {
        let dialplan = try example("Worked example: caller ID and privacy")
        var hidden = try CallDriver(dialplan, context: "web-support", number: "*67 212 555 0142")
        #expect(hidden.start() == [dialing("+12125550142", caller: CallerID(number: "+12125550100", name: "ACME Support", privacy: true))])
        var shown = try CallDriver(dialplan, context: "web-support", number: "212 555 0142")
        #expect(shown.start() == [dialing("+12125550142", caller: CallerID(number: "+12125550100", name: "ACME Support"))])
    }
}

/// Dialplans/dialplan.schema.json names exactly the keys the loader accepts, so editors
/// neither flag a valid file nor miss a misspelled key.
@Suite struct SchemaTests {
    static func schema() throws -> [String: Any] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Dialplans/dialplan.schema.json")
        return try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    /// The object at a path of keys and `anyOf` indices, e.g. `["$defs", "goto", "anyOf", 1]`.
    func node(_ path: [Any], in schema: [String: Any]) throws -> [String: Any] {
        var current: Any = schema
        for step in path {
            if let key = step as? String, let object = current as? [String: Any], let next = object[key] {
                current = next
            } else if let index = step as? Int, let list = current as? [Any], list.indices.contains(index) {
                current = list[index]
            } else {
                Issue.record("no \(step) in the schema at \(path)")
                return [:]
            }
        }
        return try #require(current as? [String: Any], "\(path) is not an object")
    }

    func keys(_ path: [Any], in schema: [String: Any]) throws -> Set<String> {
        Set((try node(path + ["properties"], in: schema)).keys)
    }

    @Test func everyMappingListsTheLoadersKeys() throws {
        let schema = try Self.schema()
        let expected: [([Any], [String])] = [
            ([], NodeReader.topKeys),
            (["$defs", "entry"], NodeReader.entryKeys),
            (["$defs", "entry", "properties", "web"], NodeReader.webEntryKeys),
            (["$defs", "entry", "properties", "web", "properties", "call_links", "additionalProperties"], NodeReader.callLinkKeys),
            (["$defs", "context"], NodeReader.contextKeys),
            (["$defs", "rule"], NodeReader.ruleKeys),
            (["$defs", "match"], NodeReader.matchKeys),
            (["$defs", "stepItem"], NodeReader.stepKeys),
            (["$defs", "dial"], NodeReader.dialKeys),
            (["$defs", "dial", "properties", "rewrite"], NodeReader.rewriteKeys),
            (["$defs", "caller"], NodeReader.callerKeys),
            (["$defs", "goto", "anyOf", 1], NodeReader.gotoKeys),
            (["$defs", "collect"], NodeReader.collectKeys),
            (["$defs", "agents", "anyOf", 1], NodeReader.agentsKeys),
            (["$defs", "if"], NodeReader.branchKeys),
            (["$defs", "menu"], NodeReader.menuKeys),
            (["$defs", "schedule"], NodeReader.scheduleKeys),
            (["$defs", "opening"], NodeReader.openingKeys),
            (["$defs", "holiday", "anyOf", 1], NodeReader.holidayKeys),
            (["$defs", "test"], NodeReader.testKeys),
            (["$defs", "test", "properties", "expect"], NodeReader.expectKeys),
        ]
        for (path, loaderKeys) in expected {
            #expect(try keys(path, in: schema) == Set(loaderKeys), "\(path)")
        }
        let playItems = try node(["$defs", "playItem"], in: schema)["anyOf"] as? [[String: Any]] ?? []
        let playKeys = playItems.compactMap { $0["properties"] as? [String: Any] }.flatMap(\.keys)
        #expect(Set(playKeys) == Set(NodeReader.playItemKeys))
    }

    @Test func namedValuesMatchTheLoader() throws {
        let schema = try Self.schema()
        let playItems = try node(["$defs", "playItem"], in: schema)["anyOf"] as? [[String: Any]] ?? []
        let tones = playItems.compactMap { ($0["properties"] as? [String: Any])?["tone"] as? [String: Any] }.first?["enum"]
        #expect(tones as? [String] == NodeReader.toneNames)
        let causes = try node(["$defs", "cause", "anyOf", 1], in: schema)["enum"] as? [String]
        #expect(causes == HangupCauses.all)
        let refusals = try node(["$defs", "test", "properties", "expect", "properties", "refused"], in: schema)["enum"] as? [String]
        #expect(refusals == NodeReader.refusalNames)
        let optionKeys = try node(["$defs", "menu", "properties", "options", "propertyNames"], in: schema)["pattern"] as? String
        #expect(optionKeys == "^[0-9*#]$")
    }
}

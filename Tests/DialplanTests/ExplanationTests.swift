import Foundation
import Testing
import Dialplan

/// `Dialplan.explain`: the key lines an operator reads, asserted exactly.
@Suite struct ExplanationTests {
    static let yaml = #"""
    entry:
      web:
        default: web-default
        identities: {alice: web-uk}
        classes: {staff: web-uk}
        call_links: {sales: {context: links, number: "+12125550100"}}
      trunks: {carrier: inbound}
      dids: {"+12125550199": support}
    schedules:
      office-hours:
        time_zone: America/New_York
        weekly:
          - {days: mon-fri, hours: "09:00-17:00"}
        holidays:
          - {date: 2026-12-25, name: Christmas}
    menus:
      main:
        prompt: [welcome, {tone: beep}]
        options:
          "1": {goto: {context: links, number: "+12125550100"}}
          "2":
            - collect: {into: ext, min: 3, max: 4, prompt: enter-extension}
            - goto: {context: links, number: "+1212555${ext}"}
          "*": {menu: main}
          "0": {play: operator-busy}
        timeout_s: 7
        attempts: 2
        invalid_prompt: invalid
        on_failure: {hangup: no_answer}
    contexts:
      web-default:
        country: US
        rules:
          - match: {exact: "*43"}
            steps: [{answer: {}}, {echo: {}}]
          - match: {prefix: "+1900"}
            hangup: call_rejected
          - match: {regex: '\+1(?<area>\d{3})555(?<line>\d{4})'}
            steps:
              - set: {label: "area ${area}"}
              - dial: {trunks: [carrier, backup], rewrite: {strip: 2}, answer_timeout_s: 30, caller_id: "${label}"}
          - match: {pattern: "+1NXXNXXXXXX"}
            dial: {trunks: [carrier]}
      web-uk:
        country: GB
        rules:
          - match: {pattern: "+44[1-37]XXXXXXXXX"}
            dial: {trunks: [carrier], rewrite: {strip: 3, prepend: "0"}}
          - match: {prefix: "+33"}
            dial: {trunks: [carrier]}
          - match: {pattern: "+!"}
            dial: {trunks: [carrier]}
      links:
        country: US
        rules:
          - match: {prefix: "+1"}
            dial: {trunks: [carrier]}
      support:
        country: US
        kind: trunk
        rules:
          - match: {pattern: "!"}
            steps:
              - if:
                  schedule: office-hours
                  then: [{menu: main}]
                  else: [{play: closed}, {hangup: normal_clearing}]
      inbound:
        country: US
        kind: trunk
        rules:
          - match: {pattern: "!"}
            goto: support
    """#

    func dialplan() throws -> Dialplan {
        try load(Self.yaml)
    }

    func at(_ iso: String) throws -> Date {
        try #require(ISO8601DateFormatter().date(from: iso))
    }

    func lines(_ from: String, _ to: String, at iso: String = "2026-06-02T14:00:00Z") throws -> [String] {
        try dialplan().explain(from: from, to: to, at: try at(iso)).lines
    }

    @Test func normalizationRulesTriedMatchAndDial() throws {
        let explanation = try dialplan().explain(from: "web-default", to: "(212) 555-0100", at: try at("2026-06-02T14:00:00Z"))
        #expect(explanation.entry == nil)
        #expect(explanation.route?.ruleIndex == 2)
        #expect(explanation.lines == [
            "entry: context web-default, named directly",
            "context web-default: country US, kind web",
            "number: \"(212) 555-0100\" → +12125550100 in E.164 (country US: national number, +1 added)",
            "rule 0 (exact '*43') does not match",
            "rule 1 (prefix '+1900') does not match",
            #"matched rule 2 at test.yaml:38:9: regex '\+1(?<area>\d{3})555(?<line>\d{4})'"#,
            "capture area = 212",
            "capture line = 0100",
            "safety: allowed: +12125550100 is within the home calling code +1; not premium rate",
            "steps:",
            "  set label = \"area ${area}\" = \"area 212\"",
            "  dial 2125550100 via carrier, then backup",
            "    rewrite: +12125550100 → strip 2, prepend \"\" → 2125550100",
            "    failover: each next trunk is tried when the one before fails before answer",
            "    answer timeout 30 s per trunk",
            "    caller ID: ${label} = \"area 212\"",
            "  end of steps (reached when the dial fails): hangup with the dial's failure cause",
        ])
    }

    @Test func entryPointAndTrunkPrefix() throws {
        let explanation = try dialplan().explain(from: "identity:alice", to: "020 7946 0018", at: try at("2026-06-02T14:00:00Z"))
        #expect(explanation.entry?.context == "web-uk")
        #expect(Array(explanation.lines.prefix(4)) == [
            "entry: identity 'alice' → context web-uk",
            "context web-uk: country GB, kind web",
            "number: \"020 7946 0018\" → +442079460018 in E.164 (country GB: trunk prefix 0 replaced by +44)",
            "matched rule 0 at test.yaml:47:9: pattern '+44[1-37]XXXXXXXXX'",
        ])
        #expect(explanation.lines.contains("  dial 02079460018 via carrier"))
        #expect(explanation.lines.contains("    rewrite: +442079460018 → strip 3, prepend \"0\" → 02079460018"))
        #expect(try lines("identity:bob", "6465550100").first == "entry: web default → context web-default")
        #expect(try lines("link:sales", "999").first
                == "entry: call link 'sales' → context links, number +12125550100 (the link's own number)")
        #expect(try lines("trunk:carrier", "2125550199").first == "entry: DID +12125550199 → context support")
        #expect(try lines("web-default", "011 44 20 7946 0018")[2]
                == "number: \"011 44 20 7946 0018\" → +442079460018 in E.164 (country US: international prefix 011 replaced by +)")
        #expect(try lines("web-default", "*43")[2] == "number: \"*43\" → *43 kept as dialed (country US: a star code)")
    }

    @Test func refusalsSayWhyAndTheCause() throws {
        #expect(try lines("identity:alice", "0909 879 0000").last
                == "safety: refused: +449098790000 is a premium-rate number (+4490) and the rule neither lists "
                + "'allow: [premium]' nor names +4490 → hangup call_rejected")
        #expect(try lines("identity:alice", "+1 212 555 0100").last
                == "safety: refused: +12125550100 is international (outside +44) in a web context and the rule neither "
                + "lists 'allow: [international]' nor names its calling code → hangup call_rejected")
        #expect(try lines("identity:alice", "+33 1 23 45 67 89").contains(
            "safety: allowed: international, let through because the rule's prefix '+33' names +33; not premium rate"))
        #expect(try lines("web-default", "55x").suffix(2) == [
            "number: \"55x\" is not a number: 'x' cannot appear in a number",
            "refused: invalid number → hangup invalid_number_format",
        ])
        #expect(try lines("links", "411").last == "refused: no rule matches 411 → hangup unallocated_number")
        #expect(try lines("web-defualt", "1").last
                == "refused: no context named 'web-defualt' (did you mean 'web-default'?) → hangup interworking")
        let noEntry = try dialplan().explain(from: "trunk:other", to: "5", at: try at("2026-06-02T14:00:00Z"))
        #expect(noEntry.route == nil)
        #expect(noEntry.lines == [
            "entry: no entry point for DID 5 on trunk 'other'",
            "refused: the call enters no context → hangup unallocated_number",
        ])
        #expect(try lines("did:+19995550000", "").first == "entry: no entry point for DID +19995550000")
        #expect(try lines("phone:1", "2").first?.hasPrefix("refused: 'phone:1' is neither a context nor an entry point") == true)
    }

    @Test func menuOptionsAreListedUnderTheOpenSchedule() throws {
        let explained = try lines("did:+12125550199", "")
        #expect(Array(explained.drop { $0 != "steps:" }) == [
            "steps:",
            "  if schedule office-hours is open: true",
            "    schedule office-hours: open: Tuesday 10:00 America/New_York is within mon-fri 09:00-17:00",
            "    then (taken):",
            "      menu main (test.yaml:17:3)",
            "        prompt: welcome, tone beep 250 ms",
            "        key 1:",
            "          goto links with number +12125550100",
            "            context links: country US, kind web",
            "            number: \"+12125550100\" → +12125550100 in E.164 (country US: written in E.164)",
            "            matched rule 0 at test.yaml:56:9: prefix '+1'",
            "            safety: allowed: +12125550100 is within the home calling code +1; not premium rate",
            "            steps:",
            "              dial +12125550100 via carrier",
            "              end of steps (reached when the dial fails): hangup with the dial's failure cause",
            "        key 2:",
            "          collect into ext: 3 to 4 digits, ends with # or 5 s after the last key; 3 attempts",
            "            prompt: enter-extension",
            "            on failure (ext left empty):",
            "              hangup normal_clearing",
            "          goto links with number +1212555${ext}",
            "            not followed: the number is known only during the call",
            "        key 0:",
            "          play operator-busy",
            "          end of steps: back to menu main",
            "        key *:",
            "          menu main (as shown above)",
            "        waits 7 s for a key; 2 attempts in all; a wrong key plays invalid",
            "        on failure:",
            "          hangup no_answer",
            "    else:",
            "      play closed",
            "      hangup normal_clearing",
        ])
    }

    @Test func scheduleVerdictOnAHoliday() throws {
        let explained = try lines("did:+12125550199", "", at: "2026-12-25T15:00:00Z")
        #expect(explained.contains("  if schedule office-hours is open: false"))
        #expect(explained.contains("    schedule office-hours: closed: 2026-12-25 is the holiday 'Christmas'"))
        #expect(explained.contains("    then:"))
        #expect(explained.contains("    else (taken):"))
        // Saturday 12:00 in New York: outside the weekly hours.
        #expect(try lines("did:+12125550199", "", at: "2026-06-06T16:00:00Z").contains(
            "    schedule office-hours: closed: Saturday 12:00 America/New_York is outside every weekly opening"))
    }

    @Test func variablesAndCallerConditions() throws {
        let dialplan = try load(plan("""
              - match: {pattern: "!"}
                steps:
                  - set: {tier: gold}
                  - if:
                      variables: {tier: gold}
                      then: [{set: {queue: "vip-${tier}"}}]
                      else: [{set: {queue: plain}}]
                  - if:
                      caller: {prefix: "+1212"}
                      then: [{hangup: call_rejected}]
                  - goto: {context: c, number: "${queue}"}
        """))
        let explained = dialplan.explain(from: "c", to: "5", at: try at("2026-06-02T14:00:00Z")).lines
        #expect(explained.contains("  if tier = gold: true"))
        #expect(explained.contains("    tier = gold: yes"))
        #expect(explained.contains("  if caller matches prefix '+1212': depends on the call"))
        #expect(explained.contains("    caller matches prefix '+1212': depends on the caller"))
        #expect(explained.contains("  goto c with number ${queue} = vip-gold"))
    }

    @Test func gotoIsFollowedFiveLevelsDeep() throws {
        let dialplan = try load("""
        contexts:
          a:
            country: US
            rules:
              - match: {pattern: "!"}
                goto: b
          b:
            country: US
            rules:
              - match: {pattern: "!"}
                goto: a
        """)
        let explained = dialplan.explain(from: "a", to: "5", at: try at("2026-06-02T14:00:00Z")).lines
        #expect(explained.filter { $0.hasSuffix("context a: country US, kind web") || $0.hasSuffix("context b: country US, kind web") }.count == 6)
        #expect(explained.last == String(repeating: "  ", count: 12) + "not followed: more than 5 levels of goto")
    }
}

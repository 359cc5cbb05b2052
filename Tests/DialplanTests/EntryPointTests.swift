import Testing
import Dialplan

/// `Dialplan.entry(for:dialed:)`: which context a web user or a trunk call enters, and the
/// findings of the `entry:` section.
@Suite struct EntryPointTests {
    static let entries = """
    entry:
      web:
        default: web-basic
        identities: {alice: web-staff}
        classes: {staff: web-staff, intl: web-world}
        call_links:
          sales: {context: web-link, number: "+12125550150"}
      trunks:
        carrier: inbound
      dids:
        "+12125550100": reception
        "+12125550101": reception
        "+13125550101": support
        "+442079460018": support
    contexts:
      web-basic: {country: US, rules: [{match: {pattern: "!"}, hangup: call_rejected}]}
      web-staff: {country: US, rules: [{match: {pattern: "!"}, hangup: call_rejected}]}
      web-world: {country: US, rules: [{match: {pattern: "!"}, hangup: call_rejected}]}
      web-link: {country: US, rules: [{match: {exact: "+12125550150"}, hangup: call_rejected}]}
      inbound: {country: US, kind: trunk, rules: [{match: {pattern: "!"}, hangup: unallocated_number}]}
      reception: {country: US, kind: trunk, rules: [{match: {pattern: "!"}, hangup: user_busy}]}
      support: {country: US, kind: trunk, rules: [{match: {pattern: "!"}, hangup: user_busy}]}
    """

    func decide(_ origin: CallOrigin, dialed: String = "2125550199") throws -> String {
        let decision = try load(Self.entries).entry(for: origin, dialed: dialed)
        return "\(decision.context ?? "refused") \(decision.number) (\(decision.reason))"
    }

    @Test func webUsersLinkBeatsIdentityBeatsClassBeatsDefault() throws {
        #expect(try decide(.web(identity: "alice", classes: ["staff"], callLink: "sales"))
                == "web-link +12125550150 (call link 'sales')")
        #expect(try decide(.web(identity: "alice", classes: ["intl"], callLink: nil))
                == "web-staff 2125550199 (identity 'alice')")
        #expect(try decide(.web(identity: "bob", classes: ["guest", "intl", "staff"], callLink: nil))
                == "web-world 2125550199 (class 'intl')")
        #expect(try decide(.web(identity: "bob", classes: ["guest"], callLink: nil))
                == "web-basic 2125550199 (web default)")
        #expect(try decide(.web(identity: nil, classes: [], callLink: nil))
                == "web-basic 2125550199 (web default)")
    }

    @Test func unknownCallLinkIsRefusedWhateverElseMatches() throws {
        #expect(try decide(.web(identity: "alice", classes: ["staff"], callLink: "sale"))
                == "refused 2125550199 (no call link named 'sale')")
    }

    @Test func withoutAWebDefaultAnUnlistedUserIsRefused() throws {
        let dialplan = try load("""
        entry:
          web:
            identities: {alice: web}
        contexts:
          web: {country: US, rules: [{match: {pattern: "!"}, hangup: call_rejected}]}
        """)
        let decision = dialplan.entry(for: .web(identity: "mallory", classes: ["staff"], callLink: nil), dialed: "911")
        #expect(decision.context == nil && decision.number == "911")
        #expect(decision.reason == "no web entry point grants this user a context")
        #expect(dialplan.entry(for: .web(identity: "alice", classes: [], callLink: nil), dialed: "911").context == "web")
    }

    @Test func didsAsCarriersSendThem() throws {
        #expect(try decide(.trunk(name: "carrier", did: "+12125550100")) == "reception +12125550100 (DID +12125550100)")
        #expect(try decide(.trunk(name: "carrier", did: "12125550100")) == "reception +12125550100 (DID +12125550100)")
        #expect(try decide(.trunk(name: "carrier", did: "+1 (212) 555-0100")) == "reception +12125550100 (DID +12125550100)")
        #expect(try decide(.trunk(name: "carrier", did: "442079460018")) == "support +442079460018 (DID +442079460018)")
        // A national tail that ends exactly one listed DID.
        #expect(try decide(.trunk(name: "carrier", did: "2079460018")) == "support +442079460018 (DID +442079460018)")
        #expect(try decide(.trunk(name: "carrier", did: "2125550100")) == "reception +12125550100 (DID +12125550100)")
    }

    @Test func ambiguousOrShortTailsFallBackToTheTrunk() throws {
        // 5550101 ends both +12125550101 and +13125550101; 0100 is shorter than 7 digits.
        #expect(try decide(.trunk(name: "carrier", did: "5550101")) == "inbound 5550101 (trunk 'carrier')")
        #expect(try decide(.trunk(name: "carrier", did: "0100")) == "inbound 0100 (trunk 'carrier')")
        #expect(try decide(.trunk(name: "carrier", did: "+19995550100")) == "inbound +19995550100 (trunk 'carrier')")
        #expect(try decide(.trunk(name: "backup", did: "+19995550100"))
                == "refused +19995550100 (no entry point for DID +19995550100 on trunk 'backup')")
        #expect(try decide(.trunk(name: "backup", did: "sip-user"))
                == "refused sip-user (no entry point for DID sip-user on trunk 'backup')")
    }

    @Test func entryPointsMustLeadToAContextOfTheirKind() {
        let found = findings("""
        entry:
          web:
            default: inbound
            call_links:
              demo: {context: web}
          trunks:
            carier: inbound
          dids:
            "2125550100": inbound
            "+12125550101": web
        contexts:
          web: {country: US, rules: [{match: {pattern: "!"}, hangup: call_rejected}]}
          inbound: {country: US, kind: trunk, rules: [{match: {pattern: "!"}, hangup: user_busy}]}
        """)
        #expect(found.map { "\($0.line):\($0.column) \($0.path): \($0.problem); \($0.fix ?? "")" } == [
            "3:14 entry.web.default: web users enter context 'inbound', which is of kind 'trunk'; set 'kind: web' on it (the kind decides which safety checks apply)",
            "5:7 entry.web.call_links.demo: a call link needs 'context' and 'number'; write e.g. '{context: links, number: \"+12125550100\"}'",
            "7:5 entry.trunks.carier: unknown trunk 'carier'; did you mean 'carrier'?",
            "9:5 entry.dids.2125550100: DID '2125550100' is not in E.164 form; write it with '+' and the country code, e.g. \"+12125550100\"",
            "10:21 entry.dids.+12125550101: calls from trunks enter context 'web', which is of kind 'web'; set 'kind: trunk' on it (the kind decides which safety checks apply)",
        ])
    }

    @Test func entryNamesFromSeveralFilesMustNotCollide() {
        let first = """
        entry:
          web: {default: web, identities: {alice: web}}
        contexts:
          web: {country: US, rules: [{match: {pattern: "!"}, hangup: call_rejected}]}
        """
        let second = """
        entry:
          web: {default: web, identities: {alice: web, bob: web}}
        """
        do {
            _ = try DialplanLoader.load(files: [DialplanFile(name: "a.yaml", contents: first),
                                                DialplanFile(name: "b.yaml", contents: second)])
            Issue.record("two web defaults loaded")
        } catch {
            #expect(error.findings.map(\.description) == [
                "b.yaml:2:9: entry.web.default: the web default is already set; keep only one",
                "b.yaml:2:36: entry.web.identities.alice: 'alice' already has an entry point; keep only one",
            ])
        }
    }
}

import Testing
import Dialplan

@Suite struct CallLinkWindowTests {
    static func links(_ interval: String) -> String {
        """
        entry:
          web:
            call_links:
              sales: {context: web, number: "+12125550100", disconnect_interval: \(interval)}
        contexts:
          web:
            country: US
            rules:
              - match: {pattern: "!"}
                hangup: normal_clearing
        """
    }

    @Test func aLinkMayCarryItsOwnDisconnectWindow() throws {
        let dialplan = try load(Self.links("60"))
        #expect(dialplan.entry.callLinks["sales"]?.disconnectIntervalSeconds == 60)
    }

    @Test func aWindowOutsideTheBoundsIsAFinding() {
        let found = findings(Self.links("5"))
        #expect(found.map(\.path) == ["entry.web.call_links.sales.disconnect_interval"])
        #expect(found.first?.line == 4)
    }
}

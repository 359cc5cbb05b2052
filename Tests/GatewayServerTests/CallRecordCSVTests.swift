import Foundation
import Store
import Testing
@testable import GatewayServer

@Suite struct CallRecordCSVTests {
    @Test func oneHeaderLineAndOneLinePerCallWithCRLF() {
        let start = Date(timeIntervalSince1970: 1_795_341_600)
        let record = CallRecord(id: "c1", direction: "outbound", webIdentity: "alice", destination: "+12125550100",
                                trunk: "carrier", sipCallId: "abc@gw", startedAt: start,
                                answeredAt: start.addingTimeInterval(3), endedAt: start.addingTimeInterval(65.5),
                                hangupSide: "web", cause: "normal_clearing", sipStatus: nil, q850: 16)
        let text = CallRecordCSV.text([record])
        #expect(text == "id,direction,identity,destination,trunk,sip_call_id,started_at,answered_at,ended_at,duration_s,"
                + "hangup_side,cause,sip_status,q850\r\n"
                + "c1,outbound,alice,+12125550100,carrier,abc@gw,2026-11-22T10:00:00Z,2026-11-22T10:00:03Z,"
                + "2026-11-22T10:01:05Z,62.5,web,normal_clearing,,16\r\n")
    }

    @Test(arguments: [
        ("plain", "plain"), ("a,b", "\"a,b\""), ("say \"hi\"", "\"say \"\"hi\"\"\""), ("two\nlines", "\"two\nlines\""),
        ("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\""), ("@SUM(A1)", "'@SUM(A1)"), ("-2+3", "'-2+3"),
        ("+12125550100", "+12125550100"), ("+1 212", "'+1 212"), ("", ""),
    ])
    func fieldsAreQuotedAndFormulasDefused(value: String, expected: String) {
        #expect(CallRecordCSV.field(value) == expected)
    }
}

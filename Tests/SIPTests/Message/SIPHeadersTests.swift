import Testing
@testable import SIP

@Suite("Header collection")
struct SIPHeadersTests {
    @Test func compactFormsAndCaseAreNormalized() {
        var h = SIPHeaders()
        h.add("i", "abc@host")
        h.add("MaX-fOrWaRdS", "70")
        h.add("v", "SIP/2.0/UDP a")
        h.add("NewFangledHeader", "x")
        #expect(h.fields.map(\.name) == ["Call-ID", "Max-Forwards", "Via", "NewFangledHeader"])
        #expect(h["call-id"] == "abc@host")
        #expect(h["CALL-ID"] == "abc@host")
        #expect(h["newfangledheader"] == "x")
        for (compact, full) in [("m", "Contact"), ("f", "From"), ("t", "To"), ("l", "Content-Length"),
                                ("c", "Content-Type"), ("k", "Supported"), ("s", "Subject"), ("e", "Content-Encoding")] {
            #expect(SIPHeaders.canonicalName(compact) == full)
        }
    }

    @Test func listHeadersSplitOutsideQuotesAndBrackets() {
        var h = SIPHeaders()
        h.add("Contact", #""Doe, John" <sip:a@b;x=1,2>, <sip:c@d>"#)
        h.add("Contact", "<sip:e@f>")
        #expect(h.values("Contact") == [#""Doe, John" <sip:a@b;x=1,2>"#, "<sip:c@d>", "<sip:e@f>"])
        #expect(h["Contact"] == #""Doe, John" <sip:a@b;x=1,2>"#)
    }

    @Test func nonListHeadersAreNeverSplit() {
        var h = SIPHeaders()
        h.add("Date", "Sat, 13 Nov 2010 23:29:00 GMT")
        h.add("WWW-Authenticate", #"Digest realm="a", nonce="b""#)
        #expect(h.values("Date") == ["Sat, 13 Nov 2010 23:29:00 GMT"])
        #expect(h.values("WWW-Authenticate").count == 1)
    }

    @Test func setReplacesAllAtTheFirstPositionAndRemoveDeletes() {
        var h: SIPHeaders = ["Via": "v1", "To": "t", "Via": "v2", "From": "f"]
        h.set("Via", "v3")
        #expect(h.fields.map(\.description) == ["Via: v3", "To: t", "From: f"])
        h.prepend("Via", "v0")
        #expect(h.fieldValues("Via") == ["v0", "v3"])
        h["To"] = nil
        #expect(!h.contains("To"))
        h.remove("via")
        #expect(h.count == 1)
    }
}

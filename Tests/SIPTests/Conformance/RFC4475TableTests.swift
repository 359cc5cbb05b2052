import Testing
@testable import SIP

/// RFC 4475 §3: every torture message with the outcome the RFC asks of a UAS.
/// Where the RFC allows either rejecting or being liberal, the choice is noted.
let rfc4475Expectations: [String: TortureOutcome] = [
    // §3.1.1 valid messages: must parse.
    "wsinv": .accept,                 // 3.1.1.1 short tortuous INVITE
    "intmeth": .reject(501),          // 3.1.1.2 well-formed; the method is unknown to a UAS (§8.2.1)
    "esc01": .accept,                 // 3.1.1.3 valid % escaping
    "escnull": .accept,               // 3.1.1.4 escaped NULs
    "esc02": .reject(501),            // 3.1.1.5 "an endpoint would reject this message with a 501"
    "lwsdisp": .accept,               // 3.1.1.6 no LWS before <
    "longreq": .accept,               // 3.1.1.7 long values
    "dblreq": .accept,                // 3.1.1.8 trailing octets ignored
    "semiuri": .accept,               // 3.1.1.9 ; in user part
    "transports": .accept,            // 3.1.1.10 unknown transports
    "mpart01": .accept,               // 3.1.1.11 multipart body
    "unreason": .acceptResponse,      // 3.1.1.12 UTF-8 reason phrase
    "noreason": .acceptResponse,      // 3.1.1.13 empty reason phrase
    // §3.1.2 invalid messages.
    "badinv01": .reject(400),         // 3.1.2.1 extra separators
    "clerr": .reject(400),            // 3.1.2.2 Content-Length larger than datagram
    "ncl": .reject(400),              // 3.1.2.3 negative Content-Length
    "scalar02": .reject(400),         // 3.1.2.4 overlarge CSeq
    "scalarlg": .dropResponse,        // 3.1.2.5 response with overlarge scalars: discard
    "quotbal": .reject(400),          // 3.1.2.6 unterminated quote
    "ltgtruri": .reject(400),         // 3.1.2.7 <> around Request-URI
    "lwsruri": .reject(400),          // 3.1.2.8 LWS in Request-URI
    "lwsstart": .reject(400),         // 3.1.2.9 multiple SP in Request-Line
    "trws": .reject(400),             // 3.1.2.10 trailing SP (rejecting is acceptable)
    "escruri": .reject(400),          // 3.1.2.11 headers in Request-URI (rejecting is acceptable)
    "baddate": .accept,               // 3.1.2.12 bad Date zone: Date is unused, so liberal
    "regbadct": .reject(400),         // 3.1.2.13 addr-spec with ? needs <>
    "badaspec": .reject(400),         // 3.1.2.14 spaces inside <>
    "baddn": .reject(400),            // 3.1.2.15 unquoted non-token display name
    "badvers": .reject(505),          // 3.1.2.16 SIP/7.0
    "mismatch01": .reject(400),       // 3.1.2.17 CSeq method mismatch
    "mismatch02": .reject(400),       // 3.1.2.18 unknown method with CSeq mismatch: 400, not 501
    "bigcode": .dropResponse,         // 3.1.2.19 status code > 3 digits
    // §3.2 transaction layer.
    "badbranch": .accept,             // 3.2.1 bare magic cookie: fall back to RFC 2543 matching
    // §3.3 application layer.
    "insuf": .reject(400),            // 3.3.1 missing To, From, Call-ID, Max-Forwards
    "unkscm": .reject(416),           // 3.3.2 unknown Request-URI scheme
    "novelsc": .reject(416),          // 3.3.3 known but atypical scheme
    "unksm2": .reject(400),           // 3.3.4 parses; a registrar rejects a non-SIP To
    "bext01": .reject(420),           // 3.3.5 unknown Require
    "invut": .reject(415),            // 3.3.6 unknown Content-Type
    "regaut01": .accept,              // 3.3.7 unknown auth scheme: parses; the registrar challenges
    "multi01": .reject(400),          // 3.3.8 repeated single-value headers
    "mcl01": .reject(400),            // 3.3.9 two Content-Length values
    "bcast": .dropResponse,           // 3.3.10 two Vias: not for a UA (RFC 3261 §8.1.3.3)
    "zeromf": .accept,                // 3.3.11 Max-Forwards 0 on OPTIONS: an endpoint processes it
    "cparam01": .accept,              // 3.3.12 Contact header parameter
    "cparam02": .accept,              // 3.3.13 Contact URI parameter
    "regescrt": .accept,              // 3.3.14 escaped header in a bracketed Contact URI
    "sdp01": .reject(406),            // 3.3.15 Accept excludes application/sdp
    // §3.4 backward compatibility.
    "inv2543": .accept,               // 3.4.1 RFC 2543 INVITE
]

@Suite("RFC 4475 torture messages")
struct RFC4475TableTests {
    @Test func tableCoversEveryFileInTheCorpus() throws {
        let files = try Fixtures.names("rfc4475").map { String($0.dropLast(4)) }
        #expect(files.count == 49)
        #expect(Set(files) == Set(rfc4475Expectations.keys))
    }

    @Test(arguments: rfc4475Expectations.keys.sorted())
    func messageHasTheOutcomeRFC4475Asks(name: String) throws {
        let bytes = try Fixtures.bytes("rfc4475", name + ".dat")
        #expect(TortureOutcome.outcomeOf(bytes) == rfc4475Expectations[name], "\(name)")
    }

    @Test func unknownRequireIsListedInUnsupported() throws {
        let request = try #require(try SIPMessage.parse(Fixtures.bytes("rfc4475", "bext01.dat")).request)
        let failure = try #require(request.validationFailure(supportedExtensions: TortureProfile.extensions))
        #expect(failure.statusCode == 420)
        #expect(failure.headers == [SIPHeaderField(name: "Unsupported",
                                                   value: "nothingSupportsThis, nothingSupportsThisEither")])
        let response = request.makeResponse(for: failure, toTag: "t1")
        #expect(response.headers["Unsupported"] == "nothingSupportsThis")
        #expect(response.headers.values("Unsupported").count == 2)
    }

    @Test func unsupportedMediaTypeListsAcceptedTypes() throws {
        let request = try #require(try SIPMessage.parse(Fixtures.bytes("rfc4475", "invut.dat")).request)
        let failure = try #require(request.validationFailure(supportedExtensions: [],
                                                             acceptedBodyTypes: ["application/sdp"]))
        #expect(failure.statusCode == 415)
        #expect(failure.headers == [SIPHeaderField(name: "Accept", value: "application/sdp")])
    }

    @Test func zeroMaxForwardsIsATooManyHopsOnlyForForwardedMethods() throws {
        let options = try #require(try SIPMessage.parse(Fixtures.bytes("rfc4475", "zeromf.dat")).request)
        #expect(options.maxForwards == 0)
        #expect(options.hopLimitFailure == nil)
        var invite = options
        invite.method = .invite
        invite.cseq = CSeq(1, .invite)
        #expect(invite.hopLimitFailure?.statusCode == 483)
    }
}

extension TortureOutcome {
    static func outcomeOf(_ bytes: [UInt8]) -> TortureOutcome { TortureProfile.outcome(bytes) }
}

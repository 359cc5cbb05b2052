import CoreTypes
import SIP

/// The SIP side of DTMF over INFO, shared by both kinds of call: the answer to an INFO
/// received inside a confirmed dialog, and the INFO sent for one digit.
enum DTMFInfoMessages {
    /// The media types accepted in an INFO, for `Accept` (RFC 3261 §21.4.13).
    static let accepted = DTMFInfoBody.Format.allCases.map(\.contentType).joined(separator: ", ")

    /// A received INFO's response, and the key press it carries when it carries one.
    struct Received {
        var response: SIPResponse
        var body: DTMFInfoBody?
    }

    /// Answers an INFO of the legacy usage (RFC 6086 §2): 200 with the key for a valid
    /// DTMF body, 200 alone without a body, 400 for a body that does not parse, 415 for
    /// other body types, 469 for an Info Package (none is announced in Recv-Info).
    static func receive(_ request: SIPRequest) -> Received {
        if request.headers.contains("Info-Package") {
            // RFC 6086 §4.2.2: a package the UA never said it receives gets 469, with the
            // (empty) list of packages it does receive.
            var refusal = request.makeResponse(status: 469, reason: "Bad Info Package")
            refusal.headers.add("Recv-Info", "")
            return Received(response: refusal, body: nil)
        }
        // An INFO without a body changes nothing; some trunks send it to probe the dialog.
        guard !request.body.isEmpty else {
            return Received(response: request.makeResponse(status: 200, reason: "OK"), body: nil)
        }
        if let encoding = request.headers["Content-Encoding"],
           encoding.filter({ $0 != " " && $0 != "\t" }).lowercased() != "identity" {
            // RFC 3261 §8.2.3: an encoding the UAS does not understand gets 415 and the ones it does.
            var refusal = request.makeResponse(status: 415, reason: "Unsupported Media Type")
            refusal.headers.add("Accept-Encoding", "identity")
            refusal.headers.add("Accept", accepted)
            return Received(response: refusal, body: nil)
        }
        // RFC 3261 §20.15: a body needs a Content-Type.
        guard let mediaType = request.contentType else {
            return Received(response: badRequest(request, "Body without Content-Type"), body: nil)
        }
        guard let format = DTMFInfoBody.Format(mediaType: mediaType) else {
            // RFC 3261 §21.4.13: 415 lists in Accept what the UAS takes.
            var refusal = request.makeResponse(status: 415, reason: "Unsupported Media Type")
            refusal.headers.add("Accept", accepted)
            return Received(response: refusal, body: nil)
        }
        do throws(DTMFInfoBody.ParseError) {
            let body = try DTMFInfoBody.parse(request.body, format: format)
            return Received(response: request.makeResponse(status: 200, reason: "OK"), body: body)
        } catch {
            return Received(response: badRequest(request, error.explanation), body: nil)
        }
    }

    /// 400 with a Warning saying why (RFC 3261 §20.43, code 399: miscellaneous).
    private static func badRequest(_ request: SIPRequest, _ why: String) -> SIPResponse {
        var refusal = request.makeResponse(status: 400, reason: "Bad Request")
        refusal.headers.add("Warning", "399 gateway \"\(why)\"")
        return refusal
    }

    /// The INFO for one digit inside the dialog (RFC 3261 §12.2.1.1: the dialog's next CSeq,
    /// its route set and remote target).
    static func request(for digit: Character, format: DTMFInfoBody.Format, in dialog: inout SIPDialog,
                        local: LocalSIPAddress) -> SIPRequest {
        var info = dialog.makeRequest(method: .info, viaHost: local.endpoint.host, viaPort: local.endpoint.port,
                                      transport: local.transport.viaToken)
        info.headers.add("User-Agent", local.userAgent)
        info.headers.set("Content-Type", format.contentType)
        info.body = DTMFInfoBody(digit: digit, duration: DTMFInfoChannel.toneDuration).serialized(as: format)
        info.headers.set("Content-Length", String(info.body.count))
        return info
    }
}

import CoreTypes
import SIP

/// The far end's re-INVITE or UPDATE inside an established call (RFC 3261 §14,
/// RFC 3311): hold, resume, a new address or codec, or a session refresh. The
/// answer keeps the gateway's address and picks the codec again from the new
/// offer; its direction mirrors the offer's (RFC 3264 §8.4).
struct MidDialogOffer {
    let codecs: [TrunkCodec]
    let local: LocalSIPAddress
    let mediaAddress: String
    let mediaPort: Int
    let sessionID: UInt64

    struct Outcome {
        var response: SIPResponse
        /// The media the new offer selects, to follow; nil when nothing changes.
        var media: TrunkSDP.Answer?
    }

    /// - Parameters:
    ///   - version: the `o=` version for our SDP, already incremented by the caller.
    ///   - sessionExpires: the Session-Expires value for the 2xx (RFC 4028 §9), when timers are on.
    func answer(_ request: SIPRequest, version: UInt64, sessionExpires: String?) -> Outcome {
        var ok = request.makeResponse(status: 200, reason: "OK")
        ok.headers.add("Contact", local.contact)
        ok.headers.add("Allow", TrunkRequests.allow)
        if let sessionExpires {
            ok.headers.add("Session-Expires", sessionExpires)
            ok.headers.add("Require", "timer")
        }
        var media: TrunkSDP.Answer?
        if request.body.isEmpty {
            // UPDATE without a body is a pure session refresh; a re-INVITE without an
            // offer gets our offer in the 2xx (RFC 3261 §14.2, answer in the ACK).
            guard request.method == .invite else { return Outcome(response: ok, media: nil) }
            attach(TrunkSDP.offer(address: mediaAddress, port: mediaPort, codecs: codecs,
                                  sessionID: sessionID, version: version), to: &ok)
            return Outcome(response: ok, media: nil)
        }
        switch TrunkSDP.parseOffer(String(decoding: request.body, as: UTF8.self), supported: codecs) {
        case .failure:
            var refusal = request.makeResponse(status: 488, reason: "Not Acceptable Here")
            refusal.headers.add("Warning", "304 gateway \"Media type not available\"")
            return Outcome(response: refusal, media: nil)
        case .success(let offer):
            media = offer.remote
            attach(TrunkSDP.answer(to: offer, address: mediaAddress, port: mediaPort, sessionID: sessionID,
                                   version: version), to: &ok)
        }
        return Outcome(response: ok, media: media)
    }

    private func attach(_ sdp: String, to response: inout SIPResponse) {
        response.headers.set("Content-Type", "application/sdp")
        response.body = Array(sdp.utf8)
        response.headers.set("Content-Length", String(response.body.count))
    }
}

import CoreTypes
import SIP
@testable import Gateway

/// An INFO from the trunk inside an outbound call's dialog, with this body.
func trunkInfo(_ body: String?, contentType: String? = "application/dtmf-relay", cseq: UInt32 = 2,
               headers extra: [(String, String)] = []) -> SIPRequest {
    withBody(trunkRequest(.info, cseq: cseq, headers: extra), body, contentType: contentType)
}

/// An INFO from the caller inside an inbound call's dialog, with this body.
func callerInfo(_ body: String?, contentType: String? = "application/dtmf-relay", cseq: UInt32 = 2) -> SIPRequest {
    withBody(InboundCallAgentTests.inDialog(.info, cseq: cseq), body, contentType: contentType)
}

func withBody(_ request: SIPRequest, _ body: String?, contentType: String?) -> SIPRequest {
    var request = request
    if let contentType { request.headers.add("Content-Type", contentType) }
    request.body = Array((body ?? "").utf8)
    request.headers.set("Content-Length", String(request.body.count))
    return request
}

/// The digits the actions report, with their method.
func digits(_ actions: [CallAction]) -> [Step] {
    steps(actions).filter { if case .digit = $0 { true } else { false } }
}

/// The INFO requests among the actions.
func infos(_ actions: [CallAction]) -> [SIPRequest] {
    sentRequests(actions).filter { $0.method == .info }
}

/// The key an INFO we sent carries.
func key(of info: SIPRequest) -> Character? {
    guard let format = info.contentType.flatMap(DTMFInfoBody.Format.init(mediaType:)) else { return nil }
    return try? DTMFInfoBody.parse(info.body, format: format).digit
}

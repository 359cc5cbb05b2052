import CoreTypes
import Foundation
import Gateway
import NIOCore
import Store
import WebAuth

/// A signaling WebSocket as the engine knows it.
struct WebConnection: Sendable {
    let id: Int
    /// Who the connection is and what it may do (WebAuthGate).
    let grants: Grants
    var identity: String { grants.identity }
    /// Messages to the browser, each one text frame's UTF-8.
    let outbound: SignalingOutbound
    /// Client call id → call key, for the calls this connection placed.
    var callKeys: [String: String] = [:]
    /// Every client call id used on this connection (ids are never reused).
    var usedCallIDs: Set<String> = []
    /// Calls offered to this agent's console, by the call id of their `incoming` message.
    var offers: [String: AgentOffer] = [:]
}

/// What the HTTP layer gets back when a WebSocket connects.
struct ConnectionHandle: Sendable {
    let id: Int
    let outbound: AsyncStream<ByteBuffer>
}

extension CallEngine {
    func connect(grants: Grants) -> ConnectionHandle {
        let id = nextConnectionID
        nextConnectionID += 1
        let (stream, continuation) = AsyncStream.makeStream(of: ByteBuffer.self)
        connections[id] = WebConnection(id: id, grants: grants, outbound: SignalingOutbound(continuation))
        send(.hello(identity: grants.identity, iceServers: iceServersHandedOut(to: grants.identity)), to: id)
        agentSignedIn(grants: grants, connectionID: id)
        return ConnectionHandle(id: id, outbound: stream)
    }

    /// The WebSocket is gone: its calls to trunks wait for the browser to come back
    /// (calls.disconnect_interval), the others end as if the user hung up.
    func disconnect(_ id: Int) {
        guard let connection = connections[id] else { return }
        for key in connection.callKeys.values {
            browserGone(key, why: "signaling closed")
        }
        connections[id]?.outbound.finish()
        connections[id] = nil
        agentSignedOut(grants: connection.grants, connectionID: id)
    }

    /// Writes the message's JSON in the engine's kept array, then into the connection's
    /// frame buffer (a quality report every few seconds per leg then allocates nothing here).
    func send(_ message: ServerMessage, to connectionID: Int) {
        guard let outbound = connections[connectionID]?.outbound else { return }
        message.writeJSON(into: &messageText)
        outbound.send(messageText)
    }

    func receive(text: String, from connectionID: Int) async {
        guard connections[connectionID] != nil else { return }
        let message: ClientMessage
        do {
            message = try ClientMessage.decode(text)
        } catch {
            send(.error(error), to: connectionID)
            return
        }
        switch message {
        case .ping(let id):
            send(.pong(id: id), to: connectionID)
        case .call(let callId, let to, let sdp, let link, let interval):
            await placeCall(callId: callId, to: to, sdp: sdp, link: link, disconnectInterval: interval.map { .seconds($0) },
                            connectionID: connectionID)
        case .resume(let callId, let token, let sdp):
            await resumeCall(callId: callId, token: token, sdp: sdp, connectionID: connectionID)
        case .hangup(let callId, let cause):
            guard let key = connections[connectionID]?.callKeys[callId] else {
                send(.error(SignalingError(.unknownCall, "No call '\(callId)' on this connection.", callId: callId)),
                     to: connectionID)
                return
            }
            drive(key, .webHangup(cause))
        case .dtmf(let callId, let digits):
            guard let key = connections[connectionID]?.callKeys[callId], calls[key]?.media != nil else {
                send(.error(SignalingError(.unknownCall, "No call '\(callId)' on this connection.", callId: callId)),
                     to: connectionID)
                return
            }
            digitsFromBrowser(key, digits, via: .signaling)
        case .presence(let state):
            setPresence(state, connectionID: connectionID)
        case .accept(let callId, let sdp):
            await acceptIncoming(callId: callId, sdp: sdp, connectionID: connectionID)
        case .reject(let callId):
            rejectIncoming(callId: callId, connectionID: connectionID)
        }
    }

    private func placeCall(callId: String, to: String, sdp: String, link: String?, disconnectInterval: Duration?,
                           connectionID: Int) async {
        func refuse(_ code: SignalingError.Code, _ text: String) {
            send(.error(SignalingError(code, text, callId: callId)), to: connectionID)
        }
        guard var connection = connections[connectionID] else { return }
        guard !connection.usedCallIDs.contains(callId) else {
            return refuse(.badCallId, "Call id '\(callId)' was already used on this connection.")
        }
        if draining { return refuse(.unavailable, "The gateway is shutting down; try again in a moment.") }
        if !admitsNewCall(from: "web") {
            return refuse(.unavailable, "The gateway is overloaded; try again in a few seconds.")
        }
        let offer: WebOffer
        switch WebOffer.validate(sdp) {
        case .failure(let error): return refuse(error.code, error.message)
        case .success(let valid): offer = valid
        }
        // The call's id from here on, so every log line about it carries it.
        let key = UUID().uuidString.lowercased()
        var route: WebRoute
        // A call link's connection calls the link's destination, never what the browser sent.
        let storedLink = connection.grants.callLink.flatMap { callLinks?.link(id: $0) }
        if let id = connection.grants.callLink, storedLink == nil {
            return refuse(.unavailable, "This call link does not exist (\(id.prefix(8))).")
        }
        if storedLink == nil, link == nil, to.isEmpty {
            return refuse(.badDestination, "Field 'to' (the number to call) is missing.")
        }
        let routed = storedLink.map { callLinkRoute($0, identity: connection.identity, now: Date()) }
            ?? webRoute(to: to, grants: connection.grants, link: link)
        switch routed {
        case .refused(let cause, let why):
            if let storedLink { callLinkRefused(storedLink.id, why: why) }
            connection.usedCallIDs.insert(callId)
            connections[connectionID] = connection
            logger.info("call refused by the dialplan", metadata: ["call": "\(key)", "to": "\(to)", "identity": "\(connection.identity)",
                                                                   "cause": "\(cause.rawValue)", "why": "\(why)"])
            // The documented state order holds for a call that never starts: new, its end, closed.
            send(.state(callId: callId, state: .new, end: nil), to: connectionID)
            send(.state(callId: callId, state: cause.webEndState, end: CallEnd(cause: cause, side: .gateway)), to: connectionID)
            send(.state(callId: callId, state: .closed, end: nil), to: connectionID)
            return
        case .unavailable(let why):
            if let storedLink { callLinkRefused(storedLink.id, why: why) }
            return refuse(.unavailable, why)
        case let found:
            route = found
        }
        switch admitWebCall(key, grants: connection.grants, link: link, trunks: route.trunkRoute?.trunks ?? []) {
        case .failure(let refusal):
            if let storedLink { callLinkRefused(storedLink.id, why: "over a limit: \(refusal)") }
            refusedOverLimit(refusal, ["call": "\(key)", "identity": "\(connection.identity)", "to": "\(to)"])
            return refuse(.limitExceeded, "Refused: \(refusal).")
        case .success(let trunks):
            route = route.withTrunks(trunks)
        }
        let isEcho = route.isAnsweredByGateway
        let trunk = route.trunkRoute?.trunks.first
        connection.usedCallIDs.insert(callId)
        connections[connectionID] = connection

        let media: MediaSession
        do {
            var echoAtOnce = true
            var scripted = false
            if case .script = route { echoAtOnce = false; scripted = true }
            // A scripted call gets a trunk leg too, in case a menu dials out.
            media = try await mediaFactory.open(callKey: key, offer: offer, trunkSilenceTimeout: trunk?.rtpTimeout,
                                                trunkJitterBuffer: trunk?.jitterBufferMilliseconds,
                                                bridgeToTrunk: !isEcho || scripted, echoAtOnce: echoAtOnce,
                                                gatewayAnswersFirst: scripted)
        } catch {
            logger.error("media allocation failed", metadata: ["call": "\(key)", "error": "\(error)"])
            releaseLimits(key)
            return refuse(.unavailable, "The gateway has no media port free; try again.")
        }
        guard connections[connectionID] != nil else { media.close(); releaseLimits(key); return }
        let webLocal = media.webLocal

        let now = clock.now
        let logic: CallLogic
        var sipCallID: String?
        if let trunkRoute = route.trunkRoute, let trunk {
            let plan = outboundPlan(trunkRoute, trunk: trunk, identity: connection.identity, dialed: to,
                                    mediaPort: media.trunkPort ?? 0, disconnectInterval: disconnectInterval)
            sipCallID = plan.sipCallID
            logic = .outbound(OutboundCall(plan: plan, now: now))
        } else {
            logic = .echo(EchoCall())
        }
        calls[key] = ActiveCall(key: key, web: .init(connectionID: connectionID, callID: callId), logic: logic,
                                media: media, sipCallID: sipCallID)
        calls[key]?.countedTrunk = trunk?.name
        let playbackRate = route.browserPlaybackRate
        calls[key]?.browserPlaybackRate = playbackRate
        if let storedLink {
            calls[key]?.storedLink = storedLink
            callLinks?.recordUse(CallLinkUse(linkID: storedLink.id, at: Date(), callID: key, outcome: .placed))
        }
        if let sipCallID { callKeysBySIPCallID[sipCallID] = key }
        connections[connectionID]?.callKeys[callId] = key
        if distributor.isAgent(connection.identity) {
            calls[key]?.placedByAgent = connection.identity
            performAgents(distributor.ownCallStarted(call: key, agent: connection.identity, now: now))
        }
        callTotals.callStarted(key, direction: isEcho ? "echo" : "outbound", at: now)
        recorder.started(CallRecord(
            id: key, direction: isEcho ? "echo" : "outbound", webIdentity: connection.identity,
            destination: route.number ?? storedLink?.destination.summary ?? (to.isEmpty ? "link:" + (link ?? "") : to),
            trunk: trunk?.name,
            sipCallId: sipCallID, startedAt: Date()))
        logger.info("call placed", metadata: ["call": "\(key)", "to": "\(to)", "identity": "\(connection.identity)"])

        send(.state(callId: callId, state: .new, end: nil), to: connectionID)
        let answer = WebAnswer.build(offer: offer, local: webLocal, sessionID: UInt64.random(in: 1...UInt64(Int64.max)),
                                     maxPlaybackRate: playbackRate)
        send(.answer(callId: callId, sdp: answer), to: connectionID)
        if sipCallID != nil { issueResumeToken(for: key) }
        guard var call = calls[key] else { return }
        let actions = call.logic.start(now: now)
        calls[key] = call
        perform(actions, for: key)
        if case .script(let run, let prompts) = route {
            startScript(run, prompts: prompts, for: key)
        }
    }
}

/// A signaling connection's way out: the messages for its writer task, each one text
/// frame's UTF-8 in a buffer. The connection keeps its last buffer and writes the next
/// message into it: by then the WebSocket has sent it and holds it no more, so it is
/// reused; one still held is copied first (ByteBuffer is copy-on-write), never overwritten.
final class SignalingOutbound: @unchecked Sendable {
    private let continuation: AsyncStream<ByteBuffer>.Continuation
    // Confined to the engine, which alone sends.
    private var frame = ByteBuffer()

    init(_ continuation: AsyncStream<ByteBuffer>.Continuation) {
        self.continuation = continuation
    }

    func send(_ text: [UInt8]) {
        frame.clear(minimumCapacity: text.count)
        frame.writeBytes(text)
        continuation.yield(frame)
    }

    func finish() {
        continuation.finish()
    }
}

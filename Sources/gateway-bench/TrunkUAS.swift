import Foundation
import Gateway
import NIOConcurrencyHelpers
import SIP

/// The numbers load calls dial: one per call, so the trunk side knows which call an
/// INVITE belongs to from its Request-URI.
enum LoadNumber {
    static let base = 9_000_000

    static func number(forCall index: Int) -> String { String(base + index) }

    /// The call index in a Request-URI user part (digits only; a leading `+` is allowed).
    static func call(fromUser user: String?) -> Int? {
        guard let user, let value = Int(user.drop { $0 == "+" }), value >= base else { return nil }
        return value - base
    }
}

/// The trunk the gateway calls: a SIP user agent server on UDP (RFC 3261) that answers
/// every INVITE at once with 100 Trying and 200 OK carrying an answer with its one codec
/// (PCMU, or Opus to have the gateway relay) to the gateway's offer (RFC 3264 §6.1), repeats the 200 until the ACK comes (§13.3.1.4), answers BYE and
/// any other request with 200, and opens a `PhoneLeg` per call.
///
/// One thread reads the socket; dialogs are confined to it.
final class TrunkUAS: @unchecked Sendable {
    struct Counts: Sendable, Equatable, Codable {
        var invites = 0
        var answered = 0
        var acks = 0
        var byes = 0
        var refused = 0
        var otherRequests = 0
    }

    /// Opens the phone leg of `call` toward the gateway's RTP address; returns the local
    /// RTP port for the answer.
    typealias OpenLeg = @Sendable (_ call: Int, _ gatewayHost: String, _ gatewayPort: Int,
                                   _ payloadType: UInt8) throws -> Int

    private struct Dialog {
        var call: Int
        var response: [UInt8]
        var peerHost: String
        var peerPort: Int
        var acknowledged = false
        var nextResend: Int64
        var interval: Int64
        var giveUp: Int64
        var answer: [UInt8]
    }

    /// RFC 3261 §17.1.1.1 defaults: T1 500 ms, T2 4 s; a 2xx is repeated until 64·T1.
    static let t1: Int64 = 500_000_000
    static let t2: Int64 = 4_000_000_000

    let socket: UDPSocket
    /// The one codec it accepts.
    let codec: TrunkCodec
    private let host: String
    private let openLeg: OpenLeg
    private let endLeg: @Sendable (Int) -> Void
    private let lock = NIOLock()
    private var counts = Counts()
    private var stopRequested = false
    private let finished = DispatchSemaphore(value: 0)
    private var dialogs: [String: Dialog] = [:]
    private var nextCall = 0

    init(host: String = "127.0.0.1", codec: TrunkCodec = .pcmu, openLeg: @escaping OpenLeg,
         endLeg: @escaping @Sendable (Int) -> Void) throws {
        socket = try UDPSocket(host: host, receiveBuffer: 4 << 20)
        self.codec = codec
        self.host = host
        self.openLeg = openLeg
        self.endLeg = endLeg
    }

    var port: Int { socket.port }
    var snapshot: Counts { lock.withLock { counts } }

    func start() {
        let thread = Thread { [self] in
            run()
            finished.signal()
        }
        thread.name = "load-trunk-uas"
        thread.start()
    }

    func stop() {
        lock.withLock { stopRequested = true }
        finished.wait()
    }

    private func run() {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while !lock.withLock({ stopRequested }) {
            var timeout: Int32 = 10
            while let (length, peerHost, peerPort) = socket.receive(timeoutMilliseconds: timeout, into: &buffer) {
                timeout = 0
                if let message = try? SIPMessage.parse(Array(buffer[0..<length])), case .request(let request) = message {
                    handle(request, from: peerHost, port: peerPort)
                }
            }
            resendUnacknowledged(now: LoadClock.now())
        }
    }

    private func handle(_ request: SIPRequest, from peerHost: String, port peerPort: Int) {
        let callID = request.callID ?? ""
        switch request.method {
        case .invite:
            if var dialog = dialogs[callID] {
                // A retransmitted INVITE, or a re-INVITE: the same answer again.
                if request.to?.tag != nil {
                    let ok = okResponse(to: request, tag: nil, sdp: dialog.answer)
                    dialog.response = ok
                    dialogs[callID] = dialog
                    socket.send(ok, to: peerHost, port: peerPort)
                    count { $0.otherRequests += 1 }
                } else {
                    socket.send(dialog.response, to: peerHost, port: peerPort)
                }
                return
            }
            invite(request, callID: callID, from: peerHost, port: peerPort)
        case .ack:
            dialogs[callID]?.acknowledged = true
            count { $0.acks += 1 }
        case .bye:
            socket.send(request.makeResponse(status: 200).serialize(), to: peerHost, port: peerPort)
            if let dialog = dialogs.removeValue(forKey: callID) { endLeg(dialog.call) }
            count { $0.byes += 1 }
        default:
            socket.send(request.makeResponse(status: 200).serialize(), to: peerHost, port: peerPort)
            count { $0.otherRequests += 1 }
        }
    }

    private func invite(_ request: SIPRequest, callID: String, from peerHost: String, port peerPort: Int) {
        count { $0.invites += 1 }
        socket.send(request.makeResponse(status: 100).serialize(), to: peerHost, port: peerPort)
        let offer: TrunkSDP.Offer
        switch TrunkSDP.parseOffer(String(decoding: request.body, as: UTF8.self), supported: [codec]) {
        case .success(let parsed): offer = parsed
        case .failure:
            // RFC 3261 §21.4.26: nothing acceptable in the offer.
            refuse(request, status: 488, to: peerHost, port: peerPort)
            return
        }
        let call = LoadNumber.call(fromUser: request.uri.user) ?? nextCall
        nextCall = max(nextCall, call + 1)
        let localPort: Int
        do {
            localPort = try openLeg(call, offer.remote.address, offer.remote.port, offer.remote.payloadType)
        } catch {
            refuse(request, status: 500, to: peerHost, port: peerPort)
            return
        }
        let answer = Array(TrunkSDP.answer(to: offer, address: host, port: localPort,
                                           sessionID: UInt64.random(in: 1...UInt64.max >> 1)).utf8)
        let ok = okResponse(to: request, tag: SIPIdentifiers.newTag(), sdp: answer)
        let now = LoadClock.now()
        dialogs[callID] = Dialog(call: call, response: ok, peerHost: peerHost, peerPort: peerPort,
                                 nextResend: now + Self.t1, interval: Self.t1, giveUp: now + 64 * Self.t1, answer: answer)
        socket.send(ok, to: peerHost, port: peerPort)
        count { $0.answered += 1 }
    }

    /// A 200 OK with the dialog's Contact and the SDP answer (RFC 3261 §13.3.1.4).
    private func okResponse(to request: SIPRequest, tag: String?, sdp: [UInt8]) -> [UInt8] {
        var ok = request.makeResponse(status: 200, toTag: tag)
        ok.headers.add("Contact", "<sip:load@\(host):\(socket.port)>")
        ok.headers.add("Content-Type", "application/sdp")
        ok.body = sdp
        return ok.serialize()
    }

    private func refuse(_ request: SIPRequest, status: Int, to peerHost: String, port peerPort: Int) {
        socket.send(request.makeResponse(status: status, toTag: SIPIdentifiers.newTag()).serialize(),
                    to: peerHost, port: peerPort)
        count { $0.refused += 1 }
    }

    /// RFC 3261 §13.3.1.4: the 2xx again at T1, 2·T1, … capped at T2, until the ACK or 64·T1.
    private func resendUnacknowledged(now: Int64) {
        for (callID, dialog) in dialogs where !dialog.acknowledged && now >= dialog.nextResend {
            guard now < dialog.giveUp else {
                dialogs[callID]?.acknowledged = true
                continue
            }
            socket.send(dialog.response, to: dialog.peerHost, port: dialog.peerPort)
            let interval = min(dialog.interval * 2, Self.t2)
            dialogs[callID]?.interval = interval
            dialogs[callID]?.nextResend = now + interval
        }
    }

    private func count(_ change: (inout Counts) -> Void) {
        lock.withLock { change(&counts) }
    }
}

import SDP

/// An SDP offer or answer from a browser or a trunk: parsed, read the way the
/// gateway reads it (codecs, ICE, DTLS, bundling), written back and parsed again.
enum SDPHarness {
    static func run(_ bytes: [UInt8]) -> FuzzOutcome {
        guard let session = try? SessionDescription.parse(String(decoding: bytes, as: UTF8.self)) else {
            return .rejected
        }
        _ = (session.direction, session.iceUfrag, session.icePwd, session.isICELite, session.iceOptions)
        _ = (session.fingerprints, session.setup, session.groups, session.bundleMids)
        for media in session.media {
            _ = (media.payloadTypes, media.isRejected, media.isSecureRTP, media.isDTLSSRTP, media.mid)
            _ = (media.rtpMaps, media.candidates, media.ssrcs, media.ssrcAttributes, media.extensionMaps)
            _ = (media.ptime, media.maxptime, media.rtcpMux, media.fingerprints, media.setup)
            for payloadType in media.payloadTypes {
                _ = (media.rtpMap(for: payloadType), media.fmtpParameters(for: payloadType))
            }
            _ = (session.effectiveDirection(for: media), session.effectiveConnection(for: media))
            _ = (session.effectiveICEUfrag(for: media), session.effectiveICEPwd(for: media))
            _ = (session.effectiveFingerprints(for: media), session.effectiveSetup(for: media))
        }
        // Writing and reading back must give the same description (offers and
        // answers are rebuilt from parsed ones).
        precondition((try? SessionDescription.parse(session.serialize())) == session, "SDP round trip changed")
        return .accepted
    }
}

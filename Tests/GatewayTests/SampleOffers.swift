/// Offers as browsers write them, trimmed to what the gateway reads.
enum SampleOffers {
    static let chromium = """
    v=0
    o=- 4611731400430051336 2 IN IP4 127.0.0.1
    s=-
    t=0 0
    a=group:BUNDLE 0
    a=extmap-allow-mixed
    a=msid-semantic: WMS 5e5a7a1b
    m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126
    c=IN IP4 0.0.0.0
    a=rtcp:9 IN IP4 0.0.0.0
    a=candidate:1 1 udp 2122260223 127.0.0.1 51234 typ host generation 0 network-id 1
    a=ice-ufrag:Hq5v
    a=ice-pwd:p3hzDvSJmBRrdJ8S0bcX0Ro6
    a=ice-options:trickle
    a=fingerprint:sha-256 6B:8B:F0:65:5F:78:E2:51:3B:AC:6F:F3:3F:46:1B:35:DC:B8:5F:64:1A:24:C2:43:F0:A1:58:D0:A1:2C:19:08
    a=setup:actpass
    a=mid:0
    a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level
    a=sendrecv
    a=msid:5e5a7a1b 0b5f0f3c
    a=rtcp-mux
    a=rtcp-rsize
    a=rtpmap:111 opus/48000/2
    a=rtcp-fb:111 transport-cc
    a=fmtp:111 minptime=10;useinbandfec=1
    a=rtpmap:63 red/48000/2
    a=fmtp:63 111/111
    a=rtpmap:9 G722/8000
    a=rtpmap:0 PCMU/8000
    a=rtpmap:8 PCMA/8000
    a=rtpmap:13 CN/8000
    a=rtpmap:110 telephone-event/48000
    a=rtpmap:126 telephone-event/8000
    a=ssrc:3735928559 cname:qOv1kCPZ2LXkrWi4

    """.replacingOccurrences(of: "\n", with: "\r\n")

    /// The same offer with one substitution, to build broken variants.
    static func chromium(replacing old: String, with new: String) -> String {
        chromium.replacingOccurrences(of: old, with: new)
    }
}

import Foundation

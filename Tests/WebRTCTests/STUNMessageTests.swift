import CoreTypes
import Testing
@testable import WebRTC

@Suite struct STUNMessageTests {
    static let transactionID = STUNTransactionID(Array(1...12))!

    @Test func crc32CheckValue() {
        // The standard check value of CRC-32 (ISO 3309 / ITU-T V.42).
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum([UInt8]()) == 0)
    }

    @Test func messageTypeFieldInterleavesClassBits() {
        func typeField(_ c: STUNClass, _ m: STUNMethod) -> UInt16 {
            STUNMessage(messageClass: c, method: m, transactionID: Self.transactionID).typeField
        }
        // RFC 8489 §5: Binding request 0x0001, success 0x0101, error 0x0111, indication 0x0011.
        #expect(typeField(.request, .binding) == 0x0001)
        #expect(typeField(.successResponse, .binding) == 0x0101)
        #expect(typeField(.errorResponse, .binding) == 0x0111)
        #expect(typeField(.indication, .binding) == 0x0011)
        let odd = STUNMethod(rawValue: 0xABC)
        let (c, m) = STUNMessage.split(typeField: typeField(.errorResponse, odd))
        #expect(c == .errorResponse)
        #expect(m == odd)
    }

    @Test func roundTripOfEveryTypedAttribute() throws {
        let mapped = try #require(STUNAttribute.xorMappedAddress(
            Endpoint(host: "2001:db8::1", port: 3478), transactionID: Self.transactionID))
        let message = STUNMessage(
            messageClass: .errorResponse, method: .binding, transactionID: Self.transactionID,
            attributes: [
                .username("abcd:efgh"), .priority(0x7E7F_00FF), .useCandidate,
                .iceControlling(tiebreaker: 0x0102_0304_0506_0708), .iceControlled(tiebreaker: 42),
                .errorCode(.roleConflict), mapped,
            ])
        let key = STUNMessage.shortTermKey(password: "secretsecretsecretsecret")
        let bytes = message.serialized(integrityKey: key, fingerprint: true)
        #expect(bytes.count % 4 == 0)
        let parsed = try STUNMessage.parse(bytes)
        #expect(parsed == message)
        #expect(parsed.username == "abcd:efgh")
        #expect(parsed.priority == 0x7E7F_00FF)
        #expect(parsed.useCandidate)
        #expect(parsed.iceControlling == 0x0102_0304_0506_0708)
        #expect(parsed.iceControlled == 42)
        #expect(parsed.errorCode == .roleConflict)
        #expect(parsed.xorMappedAddress == Endpoint(host: "2001:db8::1", port: 3478))
        #expect(parsed.hasValidIntegrity(key: key))
        #expect(parsed.hasValidFingerprint)
    }

    @Test func withoutIntegrityOrFingerprint() throws {
        let message = STUNMessage(messageClass: .request, method: .binding,
                                  transactionID: Self.transactionID, attributes: [.username("a:b")])
        let parsed = try STUNMessage.parse(message.serialized())
        #expect(!parsed.hasIntegrity)
        #expect(!parsed.hasFingerprint)
        #expect(!parsed.hasValidIntegrity(key: [1, 2, 3]))
        #expect(!parsed.hasValidFingerprint)
        // A message built in code was never received: nothing to verify.
        #expect(!message.hasValidFingerprint)
    }

    /// RFC 8489 §14.5: attributes after MESSAGE-INTEGRITY (other than
    /// FINGERPRINT) are ignored, and integrity still verifies.
    @Test func attributesAfterIntegrityAreIgnored() throws {
        let key = STUNMessage.shortTermKey(password: "pw")
        let signed = STUNMessage(messageClass: .request, method: .binding,
                                 transactionID: Self.transactionID, attributes: [.username("u:v")])
            .serialized(integrityKey: key)
        var bytes = signed + STUNAttributeType.priority.rawValue.bigEndianBytes + [0, 4, 0, 0, 0, 9]
        STUNMessage.setLengthField(&bytes, to: bytes.count - 20)
        let parsed = try STUNMessage.parse(bytes)
        #expect(parsed.priority == nil)
        #expect(parsed.username == "u:v")
        #expect(parsed.hasValidIntegrity(key: key))
    }

    @Test func rejectsMalformedInput() {
        let good = STUNMessage(messageClass: .request, method: .binding, transactionID: Self.transactionID,
                               attributes: [.username("abc")]).serialized(fingerprint: true)
        func error(_ bytes: [UInt8]) -> STUNParseError? {
            do { _ = try STUNMessage.parse(bytes); return nil } catch { return error }
        }
        #expect(error(Array(good.prefix(19))) == .tooShort)
        var notSTUN = good; notSTUN[0] = 0x80
        #expect(error(notSTUN) == .notSTUN)
        var badCookie = good; badCookie[4] = 0x22
        #expect(error(badCookie) == .badMagicCookie)
        #expect(error(Array(good.dropLast(4))) == .badLength)
        var oddLength = good; oddLength[3] += 1
        #expect(error(oddLength) == .badLength)
        // USERNAME claims 200 bytes.
        var truncated = good; truncated[22] = 0; truncated[23] = 200
        #expect(error(truncated) == .truncatedAttribute)
        // A FINGERPRINT followed by another attribute.
        var afterFingerprint = good + [0x00, 0x24, 0x00, 0x00]
        STUNMessage.setLengthField(&afterFingerprint, to: afterFingerprint.count - 20)
        #expect(error(afterFingerprint) == .attributeAfterFingerprint)
        // MESSAGE-INTEGRITY of 4 bytes.
        var shortIntegrity = Array(good.prefix(28)) + [0x00, 0x08, 0x00, 0x04, 1, 2, 3, 4]
        STUNMessage.setLengthField(&shortIntegrity, to: shortIntegrity.count - 20)
        #expect(error(shortIntegrity) == .badIntegrityLength)
        var longFingerprint = Array(good.prefix(28)) + [0x80, 0x28, 0x00, 0x08] + [UInt8](repeating: 0, count: 8)
        STUNMessage.setLengthField(&longFingerprint, to: longFingerprint.count - 20)
        #expect(error(longFingerprint) == .badFingerprintLength)
    }

    /// Every prefix and many bit flips of a valid message parse or throw; none traps.
    @Test func neverTrapsOnMutations() {
        let good = STUNVectorTests.request
        for length in 0...good.count {
            _ = try? STUNMessage.parse(Array(good.prefix(length)))
        }
        var generator = SplitMix64(seed: 0x5EED)
        for _ in 0..<5_000 {
            var bytes = good
            for _ in 0..<(1 + Int(generator.next() % 4)) {
                let index = Int(generator.next() % UInt64(bytes.count))
                bytes[index] = UInt8(truncatingIfNeeded: generator.next())
            }
            if let message = try? STUNMessage.parse(bytes) {
                _ = message.hasValidFingerprint
                _ = message.hasValidIntegrity(key: STUNVectorTests.key)
                _ = (message.xorMappedAddress, message.errorCode, message.username, message.priority)
            }
        }
    }

    @Test func ipLiterals() {
        #expect(IPAddressLiteral.bytes(of: "10.0.0.255") == [10, 0, 0, 255])
        #expect(IPAddressLiteral.bytes(of: "256.0.0.1") == nil)
        #expect(IPAddressLiteral.bytes(of: "1.2.3") == nil)
        #expect(IPAddressLiteral.bytes(of: "example.com") == nil)
        #expect(IPAddressLiteral.bytes(of: "::") == [UInt8](repeating: 0, count: 16))
        #expect(IPAddressLiteral.bytes(of: "[::1]") == [UInt8](repeating: 0, count: 15) + [1])
        #expect(IPAddressLiteral.bytes(of: "fe80::1%eth0") == [0xFE, 0x80] + [UInt8](repeating: 0, count: 13) + [1])
        #expect(IPAddressLiteral.bytes(of: "::ffff:192.0.2.1") == [UInt8](repeating: 0, count: 10) + [0xFF, 0xFF, 192, 0, 2, 1])
        #expect(IPAddressLiteral.bytes(of: "1:2:3:4:5:6:7:8:9") == nil)
        #expect(IPAddressLiteral.bytes(of: "1::2::3") == nil)
        #expect(IPAddressLiteral.bytes(of: ":::") == nil)
        #expect(IPAddressLiteral.bytes(of: "12345::") == nil)
        // RFC 5952 canonical text.
        #expect(IPAddressLiteral.text(of: hex("20010db8000000000000000000000001")) == "2001:db8::1")
        #expect(IPAddressLiteral.text(of: hex("20010db8000000010000000000000001")) == "2001:db8:0:1::1")
        #expect(IPAddressLiteral.text(of: hex("20010db8000100000000000100000000")) == "2001:db8:1::1:0:0")
        #expect(IPAddressLiteral.text(of: hex("00000000000000000000000000000000")) == "::")
        #expect(IPAddressLiteral.text(of: hex("20010db8000000010001000100010001")) == "2001:db8:0:1:1:1:1:1")
    }
}

/// Small deterministic generator so mutation tests are reproducible.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

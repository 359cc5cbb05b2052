import CoreTypes
import Testing
@testable import WebRTC

/// RFC 5769 test vectors: exact bytes, MESSAGE-INTEGRITY and FINGERPRINT.
@Suite struct STUNVectorTests {
    static let password = "VOkJxbRl1RmTxUk/WvJxBt"
    static let key = STUNMessage.shortTermKey(password: password)

    /// RFC 5769 §2.1 Sample Request.
    static let request = hex("""
        00 01 00 58 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae
        80 22 00 10 53 54 55 4e 20 74 65 73 74 20 63 6c 69 65 6e 74
        00 24 00 04 6e 00 01 ff
        80 29 00 08 93 2f f9 b1 51 26 3b 36
        00 06 00 09 65 76 74 6a 3a 68 36 76 59 20 20 20
        00 08 00 14 9a ea a7 0c bf d8 cb 56 78 1e f2 b5 b2 d3 f2 49 c1 b5 71 a2
        80 28 00 04 e5 7a 3b cf
        """)

    /// RFC 5769 §2.2 Sample IPv4 Response.
    static let ipv4Response = hex("""
        01 01 00 3c 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae
        80 22 00 0b 74 65 73 74 20 76 65 63 74 6f 72 20
        00 20 00 08 00 01 a1 47 e1 12 a6 43
        00 08 00 14 2b 91 f5 99 fd 9e 90 c3 8c 74 89 f9 2a f9 ba 53 f0 6b e7 d7
        80 28 00 04 c0 7d 4c 96
        """)

    /// RFC 5769 §2.3 Sample IPv6 Response.
    static let ipv6Response = hex("""
        01 01 00 48 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae
        80 22 00 0b 74 65 73 74 20 76 65 63 74 6f 72 20
        00 20 00 14 00 02 a1 47 01 13 a9 fa a5 d3 f1 79 bc 25 f4 b5 be d2 b9 d9
        00 08 00 14 a3 82 95 4e 4b e6 7b f1 17 84 c9 7c 82 92 c2 75 bf e3 ed 41
        80 28 00 04 c8 fb 0b 4c
        """)

    static let transactionID = STUNTransactionID(hex("b7 e7 a7 01 bc 34 d6 86 fa 87 df ae"))!

    @Test func requestParsesWithItsAttributes() throws {
        let message = try STUNMessage.parse(Self.request)
        #expect(message.messageClass == .request)
        #expect(message.method == .binding)
        #expect(message.transactionID == Self.transactionID)
        #expect(message.software == "STUN test client")
        #expect(message.priority == 0x6E00_01FF)
        #expect(message.iceControlled == 0x932F_F9B1_5126_3B36)
        #expect(message.iceControlling == nil)
        #expect(message.username == "evtj:h6vY")
        #expect(message.attributes.map(\.type) == [.software, .priority, .iceControlled, .username])
    }

    @Test(arguments: [request, ipv4Response, ipv6Response])
    func integrityAndFingerprintValidate(vector: [UInt8]) throws {
        let message = try STUNMessage.parse(vector)
        #expect(message.hasIntegrity)
        #expect(message.hasFingerprint)
        #expect(message.hasValidIntegrity(key: Self.key))
        #expect(message.hasValidFingerprint)
        #expect(!message.hasValidIntegrity(key: STUNMessage.shortTermKey(password: "VOkJxbRl1RmTxUk/WvJxBu")))
    }

    /// Re-serializing recomputes MESSAGE-INTEGRITY (with the §14.5 length
    /// adjustment) and FINGERPRINT; identical bytes prove both computations.
    @Test(arguments: [request, ipv4Response, ipv6Response])
    func reserializationReproducesExactBytes(vector: [UInt8]) throws {
        let message = try STUNMessage.parse(vector)
        #expect(message.serialized(integrityKey: Self.key, fingerprint: true) == vector)
    }

    @Test func ipv4ResponseMappedAddress() throws {
        let message = try STUNMessage.parse(Self.ipv4Response)
        #expect(message.messageClass == .successResponse)
        #expect(message.method == .binding)
        #expect(message.software == "test vector")
        #expect(message.xorMappedAddress == Endpoint(host: "192.0.2.1", port: 32853))
    }

    @Test func ipv6ResponseMappedAddress() throws {
        let message = try STUNMessage.parse(Self.ipv6Response)
        #expect(message.xorMappedAddress == Endpoint(host: "2001:db8:1234:5678:11:2233:4455:6677", port: 32853))
    }

    /// Building the response from typed attributes gives the vector's
    /// XOR-MAPPED-ADDRESS bytes exactly.
    @Test func xorMappedAddressEncodesLikeTheVectors() throws {
        let v4 = try #require(STUNAttribute.xorMappedAddress(
            Endpoint(host: "192.0.2.1", port: 32853), transactionID: Self.transactionID))
        #expect(v4.value == hex("00 01 a1 47 e1 12 a6 43"))
        let v6 = try #require(STUNAttribute.xorMappedAddress(
            Endpoint(host: "2001:db8:1234:5678:11:2233:4455:6677", port: 32853), transactionID: Self.transactionID))
        #expect(v6.value == hex("00 02 a1 47 01 13 a9 fa a5 d3 f1 79 bc 25 f4 b5 be d2 b9 d9"))
    }

    /// With the vector's padding bytes (spaces) the typed message serializes
    /// to the vector byte for byte.
    @Test func typedResponseSerializesToTheVector() throws {
        var software = STUNAttribute.software("test vector")
        software.padding = [0x20]
        let mapped = try #require(STUNAttribute.xorMappedAddress(
            Endpoint(host: "192.0.2.1", port: 32853), transactionID: Self.transactionID))
        let message = STUNMessage(messageClass: .successResponse, method: .binding,
                                  transactionID: Self.transactionID, attributes: [software, mapped])
        #expect(message.serialized(integrityKey: Self.key, fingerprint: true) == Self.ipv4Response)
    }

    /// Any flipped bit breaks the fingerprint or the integrity.
    @Test func corruptedVectorFailsChecks() throws {
        var corrupted = Self.request
        corrupted[30] ^= 0x01   // inside SOFTWARE
        let message = try STUNMessage.parse(corrupted)
        #expect(!message.hasValidFingerprint)
        #expect(!message.hasValidIntegrity(key: Self.key))
    }
}

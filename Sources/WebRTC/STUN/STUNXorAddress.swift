import CoreTypes

/// XOR-MAPPED-ADDRESS (RFC 8489 §14.2): the address is XORed with the magic
/// cookie (and, for IPv6, the transaction ID) so NATs that rewrite addresses
/// found in payloads leave it alone.
extension STUNAttribute {
    /// XOR-MAPPED-ADDRESS for `endpoint`, nil if its host is not an IP literal
    /// or its port is outside 0–65535.
    public static func xorMappedAddress(
        _ endpoint: Endpoint, transactionID: STUNTransactionID
    ) -> STUNAttribute? {
        guard let address = IPAddressLiteral.bytes(of: endpoint.host),
              let port = UInt16(exactly: endpoint.port) else { return nil }
        let family: UInt8 = address.count == 4 ? 0x01 : 0x02
        let xPort = port ^ UInt16(truncatingIfNeeded: STUNMessage.magicCookie >> 16)
        let mask = xorMask(transactionID)
        let xAddress = address.enumerated().map { $0.element ^ mask[$0.offset] }
        let value = [0, family] + xPort.bigEndianBytes + xAddress
        return STUNAttribute(type: .xorMappedAddress, value: value)
    }

    /// RFC 8489 §14.2: magic cookie followed by the transaction ID (16 bytes;
    /// IPv4 uses only the first 4).
    static func xorMask(_ transactionID: STUNTransactionID) -> [UInt8] {
        STUNMessage.magicCookie.bigEndianBytes + transactionID.bytes
    }
}

extension STUNMessage {
    /// The decoded XOR-MAPPED-ADDRESS, nil if absent or malformed.
    public var xorMappedAddress: Endpoint? {
        guard let value = attribute(.xorMappedAddress)?.value, value.count >= 4 else { return nil }
        let addressLength: Int
        switch value[1] {
        case 0x01: addressLength = 4
        case 0x02: addressLength = 16
        default: return nil
        }
        guard value.count == 4 + addressLength,
              let xPort = UInt16(bigEndianBytes: value[2..<4]) else { return nil }
        let port = xPort ^ UInt16(truncatingIfNeeded: STUNMessage.magicCookie >> 16)
        let mask = STUNAttribute.xorMask(transactionID)
        var address = [UInt8](repeating: 0, count: addressLength)
        for index in 0..<addressLength {
            address[index] = value[4 + index] ^ mask[index]
        }
        guard let host = IPAddressLiteral.text(of: address) else { return nil }
        return Endpoint(host: host, port: Int(port))
    }
}

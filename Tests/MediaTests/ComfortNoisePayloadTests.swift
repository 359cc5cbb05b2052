import Testing
@testable import Media

@Suite struct ComfortNoisePayloadTests {
    @Test func aOneBytePayloadIsALevelAlone() throws {
        let payload = try ComfortNoisePayload(parsing: [40])
        #expect(payload.level == 40)
        #expect(payload.coefficientCodes.isEmpty)
        #expect(payload.modelOrder == 0)
        #expect(payload.reflectionCoefficients.isEmpty)
        #expect(payload.bytes == [40])
    }

    /// RFC 3389 §3: the bytes after the level are N1…NM, and M is their number.
    @Test func coefficientsFollowTheLevel() throws {
        let bytes: [UInt8] = [0x1E, 12, 127, 200, 0, 255]
        let payload = try bytes.withUnsafeBytes { data throws(ComfortNoiseError) in
            try ComfortNoisePayload(parsing: data)
        }
        #expect(payload.level == 30)
        #expect(payload.coefficientCodes == [12, 127, 200, 0, 255])
        #expect(payload.modelOrder == 5)
        let expected: [Double] = [-115, 0, 73, -127, 127].map { $0 / 128 }
        #expect(payload.reflectionCoefficients == expected)
        #expect(payload.bytes == bytes)
        #expect(try ComfortNoisePayload(parsing: payload.bytes) == payload)
    }

    @Test func levelsRunFromZeroToOneHundredTwentySeven() throws {
        #expect(try ComfortNoisePayload(parsing: [0]).level == 0)
        #expect(try ComfortNoisePayload(parsing: [127]).level == ComfortNoisePayload.silentLevel)
    }

    /// RFC 3389 §3.1: the top bit of the level byte is always 0.
    @Test(arguments: [UInt8(0x80), 0x81, 0xC0, 0xFF])
    func aSetReservedBitIsRefused(level: UInt8) {
        #expect(throws: ComfortNoiseError.invalidLevel(level)) { try ComfortNoisePayload(parsing: [level]) }
        #expect(throws: ComfortNoiseError.invalidLevel(level)) { try ComfortNoisePayload(parsing: [level, 127, 127]) }
        #expect(throws: ComfortNoiseError.invalidLevel(level)) { try ComfortNoisePayload(level: level) }
    }

    @Test func anEmptyPayloadIsRefused() {
        #expect(throws: ComfortNoiseError.emptyPayload) { try ComfortNoisePayload(parsing: []) }
        #expect(throws: ComfortNoiseError.emptyPayload) {
            try ComfortNoisePayload(parsing: UnsafeRawBufferPointer(start: nil, count: 0))
        }
    }

    /// k = (N - 127) / 128, with 255 read as 127/128 so that every filter stays stable.
    @Test func quantizationCoversMinusOneToOne() {
        #expect(ComfortNoisePayload.reflectionCoefficient(code: 127) == 0)
        #expect(ComfortNoisePayload.reflectionCoefficient(code: 0) == -127.0 / 128)
        #expect(ComfortNoisePayload.reflectionCoefficient(code: 254) == 127.0 / 128)
        #expect(ComfortNoisePayload.reflectionCoefficient(code: 255) == 127.0 / 128)
        #expect(ComfortNoisePayload.reflectionCoefficient(code: 191) == 0.5)
        #expect((0...255).allSatisfy { abs(ComfortNoisePayload.reflectionCoefficient(code: UInt8($0))) < 1 })
    }

    /// Any bytes either parse (and then round-trip) or are refused with a typed error,
    /// and whatever parses drives a generator to finite, bounded noise.
    @Test func randomBytesNeverTrap() throws {
        var random = SplitMix64(seed: 3389)
        let generator = try ComfortNoiseGenerator(sampleRate: 8000, seed: 7)
        var frame = [Int16](repeating: 0, count: 160)
        var parsed = 0
        for _ in 0..<500 {
            let count = Int(random.next() % 48)
            let bytes = (0..<count).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            do {
                let payload = try ComfortNoisePayload(parsing: bytes)
                parsed += 1
                #expect(payload.bytes == bytes)
                generator.update(payload)
                frame.withUnsafeMutableBufferPointer { generator.fill($0) }
            } catch {
                #expect(error == (bytes.isEmpty ? .emptyPayload : .invalidLevel(bytes[0])))
            }
        }
        #expect(parsed > 200)
    }
}

import Testing
@testable import Media

@Suite struct WAVFileTests {
    typealias B = WAVBuilder

    // MARK: Supported formats

    @Test func pcm16MonoSamplesAreExact() throws {
        let samples: [Int16] = [0, 1, -1, 32767, -32768, 1234, -4321]
        let audio = try WAVFile.parse(B.wav(data: B.pcm16(samples)))
        #expect(audio == WAVAudio(sampleRate: 8000, samples: samples))
    }

    @Test func stereoIsAveragedTowardZero() throws {
        // Frames (left, right): (100, 300), (1, 2), (-1, -2), (32767, 32767), (-32768, -32768), (32767, -32768)
        let interleaved: [Int16] = [100, 300, 1, 2, -1, -2, 32767, 32767, -32768, -32768, 32767, -32768]
        let audio = try WAVFile.parse(B.wav(channels: 2, rate: 16000, data: B.pcm16(interleaved)))
        #expect(audio.sampleRate == 16000)
        #expect(audio.samples == [200, 1, -1, 32767, -32768, 0])
    }

    @Test func unsignedEightBitPCM() throws {
        let audio = try WAVFile.parse(B.wav(bits: 8, data: [0, 128, 255, 1, 129]))
        #expect(audio.samples == [-32768, 0, 32512, -32512, 256])
    }

    @Test func eightBitStereo() throws {
        let audio = try WAVFile.parse(B.wav(channels: 2, bits: 8, data: [0, 255, 128, 130]))
        // (-32768 + 32512) / 2 = -128; (0 + 512) / 2 = 256
        #expect(audio.samples == [-128, 256])
    }

    @Test func muLawUsesTheG711Table() throws {
        let audio = try WAVFile.parse(B.wav(tag: 7, bits: 8, data: [0xFF, 0x7F, 0x80, 0x00]))
        #expect(audio.samples == [0, 0, 32124, -32124])
        let all = try WAVFile.parse(B.wav(tag: 7, bits: 8, data: (0...255).map { UInt8($0) }))
        #expect(all.samples == (0...255).map { G711Codec.pcmu.decode(UInt8($0)) })
    }

    @Test func aLawUsesTheG711Table() throws {
        let audio = try WAVFile.parse(B.wav(tag: 6, bits: 8, data: [0xD5, 0x55, 0xAA]))
        #expect(audio.samples == [8, -8, 32256])
        let all = try WAVFile.parse(B.wav(tag: 6, bits: 8, data: (0...255).map { UInt8($0) }))
        #expect(all.samples == (0...255).map { G711Codec.pcma.decode(UInt8($0)) })
    }

    @Test func extensiblePCM16() throws {
        let interleaved: [Int16] = [1000, 3000, -5, -7]
        let bytes = B.riff([B.chunk("fmt ", B.extensibleFormatBody(subformat: 1, channels: 2, rate: 48000)),
                            B.chunk("data", B.pcm16(interleaved))])
        #expect(try WAVFile.parse(bytes) == WAVAudio(sampleRate: 48000, samples: [2000, -6]))
    }

    @Test func extensibleMuLaw() throws {
        let bytes = B.riff([B.chunk("fmt ", B.extensibleFormatBody(subformat: 7, bits: 8)),
                            B.chunk("data", [0x80, 0x00])])
        #expect(try WAVFile.parse(bytes).samples == [32124, -32124])
    }

    @Test(arguments: [8000, 11025, 16000, 22050, 32000, 44100, 48000])
    func everyRateInRange(rate: Int) throws {
        #expect(try WAVFile.parse(B.wav(rate: rate, data: B.pcm16([5, 6]))).sampleRate == rate)
    }

    // MARK: Chunk layout

    @Test func chunksInAnyOrderWithUnknownOnesSkipped() throws {
        let samples: [Int16] = [10, -20, 30]
        let bytes = B.riff([
            B.chunk("LIST", Array("INFOabc".utf8)),            // 7 bytes: one pad byte follows
            B.chunk("data", B.pcm16(samples)),
            B.chunk("fact", B.le32(3)),
            B.chunk("fmt ", B.formatBody()),
        ])
        #expect(try WAVFile.parse(bytes).samples == samples)
    }

    @Test func oddSizedDataIsPaddedAndItsPartialFrameDropped() throws {
        // 5 data bytes: two whole 16-bit samples and one stray byte, then a pad byte,
        // then the fmt chunk, which is found only if the pad byte is skipped.
        let bytes = B.riff([B.chunk("data", B.pcm16([7, 8]) + [0x55]), B.chunk("fmt ", B.formatBody())])
        #expect(try WAVFile.parse(bytes).samples == [7, 8])
    }

    @Test func riffSizeIsNotTrustedAndTrailingBytesAreIgnored() throws {
        let chunks = [B.chunk("fmt ", B.formatBody()), B.chunk("data", B.pcm16([1, 2, 3]))]
        for declared in [0, 4, 0xFFFF_FFFF] {
            #expect(try WAVFile.parse(B.riff(chunks, declaredSize: declared)).samples == [1, 2, 3])
        }
        // An appended tag or a few stray bytes after the chunks.
        #expect(try WAVFile.parse(B.riff(chunks) + Array("ID3\u{3}\u{0}".utf8)).samples == [1, 2, 3])
        #expect(try WAVFile.parse(B.riff(chunks) + [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]).samples == [1, 2, 3])
    }

    @Test func theFirstFormatAndDataChunksWin() throws {
        let bytes = B.riff([
            B.chunk("fmt ", B.formatBody(rate: 16000)), B.chunk("data", B.pcm16([1])),
            B.chunk("fmt ", B.formatBody(rate: 8000)), B.chunk("data", B.pcm16([2])),
        ])
        #expect(try WAVFile.parse(bytes) == WAVAudio(sampleRate: 16000, samples: [1]))
    }

    // MARK: Errors

    static let malformed: [(String, [UInt8], WAVError)] = {
        let fmt = B.chunk("fmt ", B.formatBody())
        let data = B.chunk("data", B.pcm16([1, 2]))
        return [
            ("empty", [], .tooShort(byteCount: 0)),
            ("11 bytes", Array(B.riff([]).prefix(11)), .tooShort(byteCount: 11)),
            ("Ogg", Array("OggS".utf8) + [UInt8](repeating: 0, count: 40), .notRIFF(magic: "OggS")),
            ("big-endian", Array("RIFX".utf8) + B.riff([fmt, data]).dropFirst(4), .notRIFF(magic: "RIFX")),
            ("binary magic", [0, 1, 2, 0xFF] + [UInt8](repeating: 0, count: 20), .notRIFF(magic: "????")),
            ("AVI", B.riff([fmt, data], form: "AVI "), .notWAVE(formType: "AVI ")),
            ("no chunks", B.riff([]), .missingFormatChunk),
            ("no fmt", B.riff([data]), .missingFormatChunk),
            ("no data", B.riff([fmt, B.chunk("LIST", [1, 2])]), .missingDataChunk),
            ("huge data size", B.riff([fmt, B.chunk("data", B.pcm16([1, 2]), declaredSize: 0xFFFF_FFFF)]),
             .truncatedChunk(id: "data", declaredBytes: 0xFFFF_FFFF, availableBytes: 4)),
            ("truncated LIST first", B.riff([B.chunk("LIST", [1, 2, 3, 4], declaredSize: 100)]),
             .truncatedChunk(id: "LIST", declaredBytes: 100, availableBytes: 4)),
            ("short fmt", B.riff([B.chunk("fmt ", Array(B.formatBody().prefix(14))), data]),
             .formatChunkTooShort(byteCount: 14, needed: 16)),
            ("short extensible fmt", B.riff([B.chunk("fmt ", B.formatBody(tag: 0xFFFE) + B.le16(0)), data]),
             .formatChunkTooShort(byteCount: 18, needed: 40)),
            ("float", B.wav(tag: 3, bits: 32, data: [0, 0, 0, 0]), .unsupportedEncoding(formatTag: 3)),
            ("IMA ADPCM", B.wav(tag: 0x11, bits: 4, data: [0, 0]), .unsupportedEncoding(formatTag: 0x11)),
            ("24-bit", B.wav(bits: 24, data: [0, 0, 0]), .unsupportedBitsPerSample(24, formatTag: 1)),
            ("16-bit mu-law", B.wav(tag: 7, bits: 16, data: [0, 0]), .unsupportedBitsPerSample(16, formatTag: 7)),
            ("extensible float", B.riff([B.chunk("fmt ", B.extensibleFormatBody(subformat: 3, bits: 32)), data]),
             .unsupportedExtensibleSubformat),
            ("extensible foreign GUID",
             B.riff([B.chunk("fmt ", B.extensibleFormatBody(subformat: 1, guidTail: [UInt8](repeating: 7, count: 14))), data]),
             .unsupportedExtensibleSubformat),
            ("zero channels", B.riff([B.chunk("fmt ", B.formatBody(channels: 0, blockAlign: 2)), data]),
             .unsupportedChannelCount(0)),
            ("5.1", B.wav(channels: 6, data: B.pcm16([1, 2, 3, 4, 5, 6])), .unsupportedChannelCount(6)),
            ("96 kHz", B.wav(rate: 96000, data: B.pcm16([1])), .unsupportedSampleRate(96000)),
            ("4 kHz", B.wav(rate: 4000, data: B.pcm16([1])), .unsupportedSampleRate(4000)),
            ("block align 3", B.riff([B.chunk("fmt ", B.formatBody(blockAlign: 3)), data]),
             .invalidBlockAlign(declared: 3, expected: 2)),
            ("block align 0", B.riff([B.chunk("fmt ", B.formatBody(channels: 2, blockAlign: 0)), data]),
             .invalidBlockAlign(declared: 0, expected: 4)),
            ("empty data", B.wav(data: []), .noAudio),
            ("half a sample", B.wav(data: [1]), .noAudio),
            ("stereo half a frame", B.wav(channels: 2, data: [1, 2, 3]), .noAudio),
        ]
    }()

    @Test(arguments: malformed.indices)
    func malformedInputGivesItsError(index: Int) {
        let (name, bytes, expected) = Self.malformed[index]
        #expect(throws: expected, "\(name)") { try WAVFile.parse(bytes) }
    }

    @Test func tooLongIsCheckedAgainstTheCallersLimit() {
        let bytes = B.wav(data: B.pcm16([1, 2, 3, 4]))
        #expect(throws: WAVError.tooLong(samples: 4, maxSamples: 3, sampleRate: 8000)) {
            try WAVFile.parse(bytes, maxSamples: 3)
        }
        #expect((try? WAVFile.parse(bytes, maxSamples: 4))?.samples.count == 4)
    }

    @Test func messagesSayHowToFixTheFile() {
        #expect(WAVError.unsupportedBitsPerSample(24, formatTag: 1).description
            == "24-bit PCM is not supported; convert with: sox in.wav -e signed-integer -b 16 -r 8000 -c 1 out.wav")
        #expect(WAVError.notRIFF(magic: "RIFX").description.hasPrefix("big-endian (RIFX) WAV files are not supported"))
        #expect(WAVError.unsupportedEncoding(formatTag: 3).description
            .hasPrefix("IEEE float (format tag 0x0003) audio is not supported"))
        #expect(WAVError.unsupportedEncoding(formatTag: 0x1234).description.hasPrefix("format tag 0x1234 audio"))
        #expect(WAVError.tooLong(samples: 96000, maxSamples: 8000, sampleRate: 8000).description
            .hasPrefix("the prompt has 96000 samples (12 s), more than the limit of 8000 (1 s at this rate)"))
        // Every message names a remedy: a sox command, or recording/exporting again.
        let all = Self.malformed.map(\.2) + [.tooLong(samples: 9, maxSamples: 1, sampleRate: 8000)]
        for error in all {
            let text = error.description
            #expect(text.contains("sox ") || text.contains("record"), "\(error)")
        }
    }

    // MARK: Robustness

    @Test func everyTruncationThrowsAndNoneTraps() {
        let bytes = B.riff([B.chunk("LIST", [1, 2, 3]), B.chunk("fmt ", B.formatBody(channels: 2)),
                            B.chunk("data", B.pcm16([1, 2, 3, 4]))])
        for length in 0..<bytes.count {
            #expect(throws: WAVError.self, "prefix of \(length) bytes") { try WAVFile.parse(Array(bytes.prefix(length))) }
        }
        #expect((try? WAVFile.parse(bytes))?.samples == [1, 3])
    }

    @Test func corruptedHeaderBytesNeverTrap() {
        let original = B.riff([B.chunk("fmt ", B.extensibleFormatBody(subformat: 1, channels: 2)),
                               B.chunk("data", B.pcm16([1, 2, 3, 4, 5, 6]))])
        let headerLength = original.count - 12
        var accepted = 0
        for index in 0..<headerLength {
            for value: UInt8 in [0x00, 0x01, 0x7F, 0x80, 0xFE, 0xFF] {
                var bytes = original
                bytes[index] = value
                guard let audio = try? WAVFile.parse(bytes) else { continue }
                accepted += 1
                #expect((8000...48000).contains(audio.sampleRate))
                #expect(!audio.samples.isEmpty && audio.samples.count <= 12)
            }
        }
        // Changes to bytes the parser does not read (RIFF size, byte rate, channel mask)
        // still parse; most other changes are refused.
        #expect(accepted > 0 && accepted < headerLength * 6)
    }
}

import Dialplan
import Foundation
import Media

/// The WAV prompts of a dialplan directory, decoded once and kept at the rates trunk
/// codecs play: 8 kHz (G.711) and 16 kHz (G.722, Opus).
///
/// A value: a call keeps the library of the dialplan version it started with.
struct PromptLibrary: Sendable {
    private var audio: [String: [Int: [Int16]]] = [:]
    /// The country whose call-progress tones (E.180) `tone:` items play.
    var toneCountry = "US"

    static let rates = [8000, 16000]
    /// Longest prompt accepted: ten minutes.
    static let maxSeconds = 600

    var names: Set<String> { Set(audio.keys) }

    /// Reads every `*.wav` in `directory`; a file that cannot be used is a finding.
    static func load(directory: String) -> (library: PromptLibrary, problems: [DialplanFinding]) {
        var library = PromptLibrary()
        var problems: [DialplanFinding] = []
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        for file in names.sorted() where file.lowercased().hasSuffix(".wav") {
            let path = (directory as NSString).appendingPathComponent(file)
            let name = String(file.dropLast(4))
            do {
                let attributes = try FileManager.default.attributesOfItem(atPath: path)
                let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
                guard size <= 48_000 * 2 * 2 * maxSeconds + 4096 else {
                    problems.append(DialplanFinding(file: path, line: 0, column: 0, path: "",
                                                    problem: "the prompt is larger than \(maxSeconds / 60) minutes of audio",
                                                    fix: "shorten it or split it into several prompts"))
                    continue
                }
                let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
                let wav = try WAVFile.parse(bytes, maxSamples: 48_000 * maxSeconds)
                var byRate: [Int: [Int16]] = [:]
                for rate in rates {
                    byRate[rate] = Resampler.resample(wav.samples, from: wav.sampleRate, to: rate)
                }
                library.audio[name] = byRate
            } catch let error as WAVError {
                problems.append(DialplanFinding(file: path, line: 0, column: 0, path: "", problem: error.description))
            } catch {
                problems.append(DialplanFinding(file: path, line: 0, column: 0, path: "",
                                                problem: "cannot read the prompt (\(error.localizedDescription))",
                                                fix: "check the file's permissions"))
            }
        }
        return (library, problems)
    }

    /// What a `play` action sounds like at `sampleRate` (8000 or 16000).
    func playback(_ items: [PlayItem], sampleRate: Int) -> PromptPlayback {
        let rate = Self.rates.contains(sampleRate) ? sampleRate : 8000
        let converted: [PromptPlayback.Item] = items.map { item in
            switch item {
            case .prompt(let name):
                // A prompt removed since the dialplan loaded plays as a short silence.
                return audio[name]?[rate].map { .audio($0) } ?? .silence(milliseconds: 200)
            case .silence(let milliseconds):
                return .silence(milliseconds: milliseconds)
            case .tone(let name, let milliseconds):
                let tone = ProgressTone(rawValue: name) ?? .beep
                return .tone(ToneLibrary.tone(tone, country: toneCountry, sampleRate: Double(rate)), milliseconds: milliseconds)
            }
        }
        return PromptPlayback(items: converted, sampleRate: rate)
    }
}

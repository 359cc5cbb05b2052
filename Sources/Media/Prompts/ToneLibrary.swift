import Foundation

/// The call-progress tones a caller recognises, by name.
public enum ProgressTone: String, CaseIterable, Sendable {
    /// The far end is being alerted.
    case ringback
    /// The called line is busy.
    case busy
    /// No route or circuit is available (North America: "reorder").
    case congestion
    /// Ready for digits.
    case dial
    /// A short 1000 Hz beep, e.g. before a recording starts; the same everywhere.
    case beep
}

/// Call-progress tones as each country plays them, from the national values listed in
/// ITU-T E.180 Supplement 2 ("Various tones used in national networks").
///
/// Countries are ISO 3166-1 alpha-2 codes, in any letter case ("UK" is taken as GB,
/// "CA" as US). Any other country gets the values E.180 §2 recommends for new tone
/// plans — 425 Hz — with the cadences the European harmonised plan (ETSI ES 201 970)
/// chose within E.180's limits.
public enum ToneLibrary {
    /// Countries with their own tones; any other code gets the recommended defaults.
    public static let countries = ["DE", "FR", "GB", "US"]

    /// How long a beep lasts: play `.tone(tone(.beep, …), milliseconds: beepMilliseconds)`.
    public static let beepMilliseconds = 200

    /// `tone` as played in `country`, generated at `sampleRate`.
    public static func tone(_ tone: ProgressTone, country: String, sampleRate: Double) -> CadencedTone {
        let spec = specification(tone, country: country)
        return CadencedTone(frequencies: spec.frequencies, cadenceMilliseconds: spec.cadence, sampleRate: sampleRate)
    }

    /// One beep as a prompt item.
    public static func beep(sampleRate: Double) -> PromptPlayback.Item {
        .tone(tone(.beep, country: "", sampleRate: sampleRate), milliseconds: beepMilliseconds)
    }

    /// A tone's frequencies and its on/off cadence (starting with "on"; a single
    /// entry is a steady tone).
    struct Specification: Equatable {
        let frequencies: [Double]
        let cadence: [Int]

        init(_ frequencies: [Double], _ cadence: [Int]) {
            self.frequencies = frequencies
            self.cadence = cadence
        }
    }

    /// One country's tone plan.
    struct Plan {
        let dial: Specification
        let ringback: Specification
        let busy: Specification
        let congestion: Specification
    }

    /// A steady tone: one "on" segment, repeated.
    static let continuous = [1000]

    /// 1000 Hz, 200 ms on then 800 ms off: one beep when played for 200 ms, one a
    /// second if played on.
    static let beepSpecification = Specification([1000], [200, 800])

    static func specification(_ tone: ProgressTone, country: String) -> Specification {
        let plan = plan(country: country)
        switch tone {
        case .dial: return plan.dial
        case .ringback: return plan.ringback
        case .busy: return plan.busy
        case .congestion: return plan.congestion
        case .beep: return beepSpecification
        }
    }

    static func plan(country: String) -> Plan {
        switch canonicalCountry(country) {
        case "US":
            // ANSI T1.401, the North American precise tone plan; congestion is "reorder".
            return Plan(dial: Specification([350, 440], continuous),
                        ringback: Specification([440, 480], [2000, 4000]),
                        busy: Specification([480, 620], [500, 500]),
                        congestion: Specification([480, 620], [250, 250]))
        case "GB":
            // BT SIN 350: the double ring, and a four-part congestion cadence.
            return Plan(dial: Specification([350, 440], continuous),
                        ringback: Specification([400, 450], [400, 200, 400, 2000]),
                        busy: Specification([400], [375, 375]),
                        congestion: Specification([400], [400, 350, 225, 525]))
        case "FR":
            return Plan(dial: Specification([440], continuous),
                        ringback: Specification([440], [1500, 3500]),
                        busy: Specification([440], [500, 500]),
                        congestion: Specification([440], [250, 250]))
        case "DE":
            return Plan(dial: Specification([425], continuous),
                        ringback: Specification([425], [1000, 4000]),
                        busy: Specification([425], [480, 480]),
                        congestion: Specification([425], [240, 240]))
        default:
            // E.180 §2's recommended 425 Hz, with the ETSI ES 201 970 cadences.
            return Plan(dial: Specification([425], continuous),
                        ringback: Specification([425], [1000, 4000]),
                        busy: Specification([425], [500, 500]),
                        congestion: Specification([425], [250, 250]))
        }
    }

    /// Upper-cased, trimmed, with the aliases resolved.
    static func canonicalCountry(_ country: String) -> String {
        let code = country.trimmingCharacters(in: .whitespaces).uppercased()
        switch code {
        case "UK": return "GB"
        case "CA": return "US"
        default: return code
        }
    }
}

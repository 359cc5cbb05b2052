/// How numbers are dialed in one country, enough to turn national numbers into E.164.
///
/// ITU-T E.164 numbers are '+', a country calling code and a national significant number
/// (NSN) of at most 15 digits in all. Nationally the NSN is dialed after a trunk prefix
/// ('0' in most of Europe, '1' in the North American Numbering Plan), and other countries
/// after an international prefix ('00', '011' in NANP).
public struct Country: Sendable, Hashable {
    /// ISO 3166-1 alpha-2 code, e.g. "GB".
    public var isoCode: String
    /// Country calling code without '+', e.g. "44".
    public var callingCode: String
    /// What is dialed before a foreign calling code, longest first matters only for overlap.
    public var internationalPrefixes: [String]
    /// What is dialed before the NSN nationally, or nil when the NSN is dialed as is.
    public var trunkPrefix: String?
    /// Lengths a national significant number can have; shorter strings are short codes.
    public var nationalLengths: ClosedRange<Int>
    /// Whether the NSN alone (no trunk prefix) is a complete national number.
    public var bareNationalNumbers: Bool

    public init(isoCode: String, callingCode: String, internationalPrefixes: [String],
                trunkPrefix: String?, nationalLengths: ClosedRange<Int>, bareNationalNumbers: Bool) {
        self.isoCode = isoCode
        self.callingCode = callingCode
        self.internationalPrefixes = internationalPrefixes
        self.trunkPrefix = trunkPrefix
        self.nationalLengths = nationalLengths
        self.bareNationalNumbers = bareNationalNumbers
    }

    /// The country with this ISO code (case-insensitive), if it is in the table.
    public static func named(_ isoCode: String) -> Country? {
        let upper = isoCode.uppercased()
        return all.first { $0.isoCode == upper }
    }

    /// The countries a context may name. NANP members share +1, trunk prefix '1' and
    /// ten-digit numbers that may be dialed without it; Italy and Spain have no trunk
    /// prefix (Italian fixed numbers keep their leading 0 inside E.164).
    public static let all: [Country] = [
        nanp("US"), nanp("CA"),
        europe("GB", "44", 9...10),
        europe("FR", "33", 9...9),
        europe("DE", "49", 6...13),
        Country(isoCode: "IT", callingCode: "39", internationalPrefixes: ["00"], trunkPrefix: nil,
                nationalLengths: 6...11, bareNationalNumbers: true),
        Country(isoCode: "ES", callingCode: "34", internationalPrefixes: ["00"], trunkPrefix: nil,
                nationalLengths: 9...9, bareNationalNumbers: true),
        europe("NL", "31", 9...9),
        europe("BE", "32", 8...9),
        europe("CH", "41", 9...9),
        europe("AT", "43", 6...13),
        europe("SE", "46", 7...9),
        europe("IE", "353", 7...9),
        Country(isoCode: "AU", callingCode: "61", internationalPrefixes: ["0011"], trunkPrefix: "0",
                nationalLengths: 9...9, bareNationalNumbers: false),
        Country(isoCode: "JP", callingCode: "81", internationalPrefixes: ["010"], trunkPrefix: "0",
                nationalLengths: 9...10, bareNationalNumbers: false),
        europe("IN", "91", 10...10),
    ]

    /// Used to keep checking a context whose country was rejected.
    static let fallback = nanp("US")

    private static func nanp(_ iso: String) -> Country {
        Country(isoCode: iso, callingCode: "1", internationalPrefixes: ["011"], trunkPrefix: "1",
                nationalLengths: 10...10, bareNationalNumbers: true)
    }

    /// Trunk prefix '0', international prefix '00'.
    private static func europe(_ iso: String, _ code: String, _ lengths: ClosedRange<Int>) -> Country {
        Country(isoCode: iso, callingCode: code, internationalPrefixes: ["00"], trunkPrefix: "0",
                nationalLengths: lengths, bareNationalNumbers: false)
    }
}

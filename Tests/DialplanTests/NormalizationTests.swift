import Testing
import Dialplan

@Suite struct NormalizationTests {
    let us = Country.named("US")!

    func normalize(_ text: String, _ iso: String) throws -> NormalizedNumber {
        try NumberNormalizer.normalize(text, country: try #require(Country.named(iso)))
    }

    @Test func threeSpellingsOfOneNANPNumber() throws {
        for spelling in ["+1 (555) 123-4567", "15551234567", "5551234567", "555.123.4567", "011 1 555 123 4567"] {
            let n = try normalize(spelling, "US")
            #expect(n.number == "+15551234567", "\(spelling)")
            #expect(n.form == .e164)
        }
    }

    @Test func nationalNumbersInEurope() throws {
        #expect(try normalize("020 7946 0018", "GB").number == "+442079460018")
        #expect(try normalize("01 23 45 67 89", "FR").number == "+33123456789")
        #expect(try normalize("030 1234567", "DE").number == "+49301234567")
        #expect(try normalize("0044 20 7946 0018", "FR").number == "+442079460018")
        #expect(try normalize("06 12 34 56 78", "FR").addedPrefix == "+33")
        // Italy keeps the leading 0 of fixed numbers inside E.164.
        #expect(try normalize("06 1234 5678", "IT").number == "+390612345678")
    }

    @Test func shortCodesAndStarCodesStayAsDialed() throws {
        for (text, iso) in [("911", "US"), ("*43", "US"), ("112", "DE"), ("15", "FR"), ("999", "GB"), ("#31#555", "US")] {
            let n = try normalize(text, iso)
            #expect(n.form == .asDialed, "\(text)")
            #expect(n.number == text.filter { $0 != " " })
        }
        // A ten-digit string that cannot be a NANP number (area codes start 2-9).
        #expect(try normalize("1234567890", "US").form == .asDialed)
    }

    @Test func malformedNumbersThrow() {
        #expect(throws: NumberError.empty) { try NumberNormalizer.normalize(" - ", country: us) }
        #expect(throws: NumberError.invalidCharacter("a")) { try NumberNormalizer.normalize("555a", country: us) }
        #expect(throws: NumberError.misplacedPlus) { try NumberNormalizer.normalize("1+555", country: us) }
        #expect(throws: NumberError.invalidE164("+0123")) { try NumberNormalizer.normalize("+0123", country: us) }
        #expect(throws: NumberError.tooLong) { try NumberNormalizer.normalize(String(repeating: "1", count: 65), country: us) }
        #expect(throws: NumberError.invalidE164("+1234567890123456")) {
            try NumberNormalizer.normalize("+1234567890123456", country: us)
        }
    }
}

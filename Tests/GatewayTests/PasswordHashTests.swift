import Testing
@testable import Hashing

/// Operator passwords: scrypt (RFC 7914) and the PHC-style strings that store it.
@Suite struct PasswordHashTests {
    /// 1 MiB and a few milliseconds: enough to exercise the format without the standard cost.
    private let cheap = PasswordHash.Cost(logN: 10, r: 8, p: 1)

    // MARK: RFC 7914 §12 test vectors

    @Test func emptyPasswordAndSaltVector() {
        let key = PasswordHash.scrypt(password: [], salt: [], logN: 4, r: 1, p: 1, length: 64)
        #expect(key?.hexString == """
            77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442\
            fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906
            """)
    }

    @Test func passwordNaClVector() {
        let key = PasswordHash.scrypt(password: Array("password".utf8), salt: Array("NaCl".utf8),
                                      logN: 10, r: 8, p: 16, length: 64)
        #expect(key?.hexString == """
            fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162\
            2eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640
            """)
    }

    @Test func pleaseLetMeInVector() {
        let key = PasswordHash.scrypt(password: Array("pleaseletmein".utf8), salt: Array("SodiumChloride".utf8),
                                      logN: 14, r: 8, p: 1, length: 64)
        #expect(key?.hexString == """
            7023bdcb3afd7348461c06cd81fd38ebfda8fbba904f8e3ea9b543f6545da1f2\
            d5432955613f0fcf62d49705242a9af9e61e85dc0d651e40dfcf017b45575887
            """)
    }

    @Test func rawScryptRefusesWhatOpenSSLOrTheMemoryCeilingRefuses() {
        // RFC 7914 §2: N must be below 2^(128·r/8); r = 1 allows up to 2^15.
        #expect(PasswordHash.scrypt(password: [1], salt: [2], logN: 16, r: 1, p: 1, length: 32) == nil)
        // 128 · 8 · 2^21 = 2 GiB: over the ceiling, refused before any allocation.
        #expect(PasswordHash.scrypt(password: [1], salt: [2], logN: 21, r: 8, p: 1, length: 32) == nil)
        #expect(PasswordHash.scrypt(password: [1], salt: [2], logN: 4, r: 1, p: 1, length: 0) == nil)
        #expect(PasswordHash.scrypt(password: [1], salt: [2], logN: 0, r: 1, p: 1, length: 32) == nil)
        #expect(PasswordHash.scrypt(password: [1], salt: [2], logN: 4, r: 0, p: 1, length: 32) == nil)
        #expect(PasswordHash.scrypt(password: [1], salt: [2], logN: 4, r: 1, p: -1, length: 32) == nil)
    }

    // MARK: Stored strings

    @Test func aStringMadeElsewhereVerifies() {
        // The third RFC vector written as a PHC string (14-byte salt, 64-byte hash).
        let encoded = "$scrypt$ln=14,r=8,p=1$U29kaXVtQ2hsb3JpZGU$"
            + "cCO9yzr9c0hGHAbNgf046/2o+7qQT44+qbVD9lRdofLVQylVYT8Pz2LUlwUkKpr55h6F3A1lHkDfzwF7RVdYhw"
        #expect(PasswordHash.verify(password: "pleaseletmein", against: encoded))
        #expect(!PasswordHash.verify(password: "pleaseletmeIn", against: encoded))
    }

    @Test func roundTripAtACheapCost() throws {
        let encoded = PasswordHash.make(password: "correct horse battery staple", cost: cheap)
        let fields = encoded.split(separator: "$", omittingEmptySubsequences: false)
        #expect(fields.count == 5)
        #expect(encoded.hasPrefix("$scrypt$ln=10,r=8,p=1$"))
        let salt = try #require(UnpaddedBase64.decode(fields[3]))
        let hash = try #require(UnpaddedBase64.decode(fields[4]))
        #expect(salt.count == 16)
        #expect(hash.count == 32)
        // The stored hash is scrypt of the password with the stored salt.
        #expect(PasswordHash.scrypt(password: Array("correct horse battery staple".utf8), salt: salt,
                                    logN: 10, r: 8, p: 1, length: 32) == hash)

        #expect(PasswordHash.verify(password: "correct horse battery staple", against: encoded))
        #expect(!PasswordHash.verify(password: "correct horse battery stapl", against: encoded))
        #expect(!PasswordHash.verify(password: "Correct horse battery staple", against: encoded))
        #expect(!PasswordHash.verify(password: "", against: encoded))
    }

    @Test func nonASCIIPasswordsAreHashedAsUTF8() {
        let encoded = PasswordHash.make(password: "pässwörd-日本", cost: cheap)
        #expect(PasswordHash.verify(password: "pässwörd-日本", against: encoded))
        #expect(!PasswordHash.verify(password: "passwörd-日本", against: encoded))
        let empty = PasswordHash.make(password: "", cost: cheap)
        #expect(PasswordHash.verify(password: "", against: empty))
        #expect(!PasswordHash.verify(password: " ", against: empty))
    }

    @Test func everyHashHasItsOwnSalt() {
        let hashes = (0..<5).map { _ in PasswordHash.make(password: "same", cost: cheap) }
        #expect(Set(hashes).count == 5)
        let salts = hashes.map { $0.split(separator: "$", omittingEmptySubsequences: false)[3] }
        #expect(Set(salts).count == 5)
        #expect(hashes.allSatisfy { PasswordHash.verify(password: "same", against: $0) })
    }

    @Test func malformedStringsNeverVerify() {
        let good = PasswordHash.make(password: "secret", cost: cheap)
        #expect(PasswordHash.verify(password: "secret", against: good))
        let fields = good.split(separator: "$", omittingEmptySubsequences: false).map(String.init)
        let (salt, hash) = (fields[3], fields[4])
        func with(_ parameters: String, salt otherSalt: String? = nil, hash otherHash: String? = nil) -> String {
            "$scrypt$\(parameters)$\(otherSalt ?? salt)$\(otherHash ?? hash)"
        }
        // Rebuilt unchanged, it still verifies: the variants below fail for their one change.
        #expect(PasswordHash.verify(password: "secret", against: with("ln=10,r=8,p=1")))

        let malformed = [
            "", "$", "$scrypt$", "secret", String(good.dropFirst()), good + "$", good + "$extra",
            // Wrong prefix or algorithm.
            "$argon2id$" + String(good.dropFirst(8)), "$SCRYPT$" + String(good.dropFirst(8)),
            "$scrypt$$" + String(good.dropFirst(8)),
            // Missing or misspelled fields and parameters.
            "$scrypt$ln=10,r=8,p=1$\(salt)",
            "$scrypt$\(salt)$\(hash)",
            with("ln=10,r=8"), with("ln=10,r=8,p=1,"), with("ln=10,r=8,p=1,x=2"), with("r=8,ln=10,p=1"),
            with("ln=10,r=8,p="), with("ln=,r=8,p=1"), with("ln=10;r=8;p=1"), with("n=1024,r=8,p=1"),
            with("ln=10,r=8,p=1", salt: ""), with("ln=10,r=8,p=1", hash: ""),
            // Numbers: signs, leading zeros, overflow.
            with("ln=+10,r=8,p=1"), with("ln=-10,r=8,p=1"), with("ln=010,r=8,p=1"),
            with("ln=99999999999999999999999,r=8,p=1"), with("ln=10,r=8,p=9223372036854775807"),
            // Absurd or impossible costs.
            with("ln=0,r=8,p=1"), with("ln=21,r=8,p=1"), with("ln=62,r=8,p=1"), with("ln=10,r=0,p=1"),
            with("ln=10,r=8,p=0"), with("ln=10,r=65,p=1"), with("ln=10,r=8,p=9"), with("ln=20,r=8,p=1"),
            // Bad base64: padding, characters outside the alphabet, impossible length,
            // non-zero leftover bits, a salt too short to be a salt.
            with("ln=10,r=8,p=1", salt: salt + "=="), with("ln=10,r=8,p=1", hash: hash + "="),
            with("ln=10,r=8,p=1", salt: "*" + String(salt.dropFirst())),
            with("ln=10,r=8,p=1", hash: "-" + String(hash.dropFirst())),
            with("ln=10,r=8,p=1", hash: hash + "AA"),
            with("ln=10,r=8,p=1", hash: String(hash.dropLast()) + "B"),
            with("ln=10,r=8,p=1", salt: "TmFDbA"),
            // Over the length any stored hash has.
            with("ln=10,r=8,p=1", hash: hash + String(repeating: "A", count: 600)),
        ]
        for encoded in malformed {
            #expect(!PasswordHash.verify(password: "secret", against: encoded), "\(encoded)")
        }
    }

    @Test func theDecoyIsAStandardHashThatMatchesNothing() {
        let decoy = PasswordHash.decoy
        #expect(decoy.hasPrefix("$scrypt$ln=15,r=8,p=1$"))
        let fields = decoy.split(separator: "$", omittingEmptySubsequences: false)
        #expect(fields.count == 5)
        #expect(UnpaddedBase64.decode(fields[3])?.count == 16)
        #expect(UnpaddedBase64.decode(fields[4])?.count == 32)
        for guess in ["", "password", "admin", decoy] {
            #expect(!PasswordHash.verify(password: guess, against: decoy))
        }
    }

    @Test func standardCost() {
        #expect(PasswordHash.Cost.standard == PasswordHash.Cost(logN: 15, r: 8, p: 1))
        #expect(PasswordHash.Cost.standard.isAcceptable)
        #expect(!PasswordHash.Cost(logN: 21, r: 1, p: 1).isAcceptable)
        #expect(!PasswordHash.Cost(logN: 10, r: 16, p: 8).isAcceptable)
        let clock = ContinuousClock()
        var encoded = ""
        let elapsed = clock.measure { encoded = PasswordHash.make(password: "operator-pass") }
        // A figure for the documentation, not an assertion: machines differ.
        print("PasswordHash.make at the standard cost took \(elapsed)")
        #expect(encoded.hasPrefix("$scrypt$ln=15,r=8,p=1$"))
        #expect(PasswordHash.verify(password: "operator-pass", against: encoded))
    }

    // MARK: Base64 without padding (RFC 4648 §10 vectors, '=' removed)

    @Test func base64Vectors() {
        let vectors = ["": "", "f": "Zg", "fo": "Zm8", "foo": "Zm9v", "foob": "Zm9vYg", "fooba": "Zm9vYmE", "foobar": "Zm9vYmFy"]
        for (plain, encoded) in vectors {
            #expect(UnpaddedBase64.encode(Array(plain.utf8)) == encoded)
            #expect(UnpaddedBase64.decode(Substring(encoded)) == Array(plain.utf8))
        }
        let all = (0...255).map { UInt8($0) }
        #expect(UnpaddedBase64.decode(Substring(UnpaddedBase64.encode(all))) == all)
        #expect(UnpaddedBase64.encode([0xfb, 0xff]) == "+/8")
        #expect(UnpaddedBase64.decode("Zh") == nil)     // leftover bits set
        #expect(UnpaddedBase64.decode("Zm9vY") == nil)  // 5 characters cannot be bytes
        #expect(UnpaddedBase64.decode("Zg==") == nil)
    }
}

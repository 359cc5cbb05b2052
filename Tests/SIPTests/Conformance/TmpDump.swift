import Testing
@testable import SIP

@Test func dumpReasons() throws {
    for corpus in ["rfc4475", "rfc5118"] {
        for name in try Fixtures.names(corpus) {
            let bytes = try Fixtures.bytes(corpus, name)
            do {
                let m = try SIPMessage.parse(bytes)
                switch m {
                case .request(let r):
                    let f = r.validationFailure(supportedExtensions: TortureProfile.extensions, supportedMethods: TortureProfile.methods, acceptedBodyTypes: TortureProfile.bodyTypes)
                    print("DUMP \(name): request \(r.method) -> \(f.map { "\($0) \($0.headers)" } ?? "ok") body=\(r.body.count)")
                case .response(let r):
                    print("DUMP \(name): response \(r.statusCode) -> \(r.uacDiscardReason ?? "ok")")
                }
            } catch {
                print("DUMP \(name): error \(error.kind) \(error.message) \(error.suggestedStatus)")
            }
        }
    }
}

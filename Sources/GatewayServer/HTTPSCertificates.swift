import Config
import Crypto
import Foundation
import NIOSSL
import SwiftASN1
import X509

/// The certificate and key of HTTPS/WSS (`http.tls_certificate`/`tls_private_key`, or
/// `http.tls_self_signed`), read or made before anything listens, so a mistake stops start-up.
enum HTTPSCertificates {
    /// The server's TLS configuration, or nil for plain HTTP.
    static func tlsConfiguration(_ http: HTTPConfig, publicAddress: String, storeDirectory: String,
                                 now: Date = Date()) throws -> TLSConfiguration? {
        let pair: (certificate: String, key: String)
        if let certificatePath = http.tlsCertificate, let keyPath = http.tlsPrivateKey {
            pair = (try read(certificatePath, key: "http.tls_certificate"), try read(keyPath, key: "http.tls_private_key"))
        } else if http.tlsSelfSigned {
            pair = try selfSigned(in: storeDirectory, names: [publicAddress, http.listen.host], now: now)
        } else {
            return nil
        }
        do {
            let chain = try NIOSSLCertificate.fromPEMBytes(Array(pair.certificate.utf8))
            let key = try NIOSSLPrivateKey(bytes: Array(pair.key.utf8), format: .pem)
            return TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) },
                                                            privateKey: .privateKey(key))
        } catch {
            throw StartupError("the HTTPS certificate or key cannot be used (\(error)); check that http.tls_certificate "
                + "is a PEM certificate chain and http.tls_private_key its unencrypted PEM key")
        }
    }

    private static func read(_ path: String, key: String) throws -> String {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw StartupError("cannot read \(key) \(path); check the path and its permissions")
        }
        return text
    }

    /// The self-signed pair kept beside the store (one browser warning per machine, not per
    /// restart); made again when missing, unreadable or within a week of expiring.
    static func selfSigned(in directory: String, names: [String], now: Date) throws -> (certificate: String, key: String) {
        let certificatePath = (directory as NSString).appendingPathComponent("https-self-signed.crt")
        let keyPath = (directory as NSString).appendingPathComponent("https-self-signed.key")
        if let certificate = try? String(contentsOfFile: certificatePath, encoding: .utf8),
           let key = try? String(contentsOfFile: keyPath, encoding: .utf8),
           let parsed = try? Certificate(pemEncoded: certificate),
           parsed.notValidAfter > now.addingTimeInterval(7 * 86400),
           Set(alternativeNames(parsed)).isSuperset(of: subjectNames(names)) {
            return (certificate, key)
        }
        let made = try make(names: names, now: now)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: keyPath, contents: Data(made.key.utf8), attributes: [.posixPermissions: 0o600])
        try Data(made.certificate.utf8).write(to: URL(fileURLWithPath: certificatePath))
        return made
    }

    /// A P-256 certificate for `localhost`, 127.0.0.1, ::1 and `names`, valid a year.
    static func make(names: [String], now: Date) throws -> (certificate: String, key: String) {
        let key = P256.Signing.PrivateKey()
        let issuerKey = Certificate.PrivateKey(key)
        let name = try DistinguishedName { CommonName("WebRTC Gateway (self-signed)") }
        let alternatives = SubjectAlternativeNames(subjectNames(names).map { entry in
            switch entry {
            case .ip(let bytes): GeneralName.ipAddress(ASN1OctetString(contentBytes: ArraySlice(bytes)))
            case .dns(let host): GeneralName.dnsName(host)
            }
        })
        let extensions = try Certificate.Extensions {
            Critical(BasicConstraints.notCertificateAuthority)
            Critical(KeyUsage(digitalSignature: true))
            try ExtendedKeyUsage([.serverAuth])
            alternatives
        }
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: issuerKey.publicKey,
            notValidBefore: now.addingTimeInterval(-86400), notValidAfter: now.addingTimeInterval(365 * 86400),
            issuer: name, subject: name, signatureAlgorithm: .ecdsaWithSHA256, extensions: extensions,
            issuerPrivateKey: issuerKey)
        return (try certificate.serializeAsPEM().pemString, key.pemRepresentation)
    }

    enum SubjectName: Hashable {
        case dns(String)
        case ip([UInt8])
    }

    /// localhost, the loopback addresses and each of `names` (unspecified addresses left out).
    static func subjectNames(_ names: [String]) -> [SubjectName] {
        var result: [SubjectName] = [.dns("localhost"), .ip([127, 0, 0, 1]), .ip([UInt8](repeating: 0, count: 15) + [1])]
        for name in names where !["0.0.0.0", "::", "localhost"].contains(name) {
            let entry: SubjectName = ipBytes(name).map { .ip($0) } ?? .dns(name)
            if !result.contains(entry) { result.append(entry) }
        }
        return result
    }

    private static func alternativeNames(_ certificate: Certificate) -> [SubjectName] {
        guard let names = try? certificate.extensions.subjectAlternativeNames else { return [] }
        return names.compactMap { name in
            switch name {
            case .dnsName(let host): .dns(host)
            case .ipAddress(let bytes): .ip(Array(bytes.bytes))
            default: nil
            }
        }
    }

    private static func ipBytes(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 { return withUnsafeBytes(of: &v6) { Array($0) } }
        return nil
    }
}

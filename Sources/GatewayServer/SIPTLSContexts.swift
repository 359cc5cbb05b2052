import Config
import CoreTypes
import Foundation
import NIOSSL

/// The TLS settings of SIP over TLS (RFC 3261 §26.2.1, RFC 5630): the listener's
/// certificate, and for each TLS trunk how its certificate is checked.
///
/// Everything is loaded at start-up, so a missing or unreadable file stops the
/// gateway with the configuration key to fix instead of failing the first call.
struct SIPTLSContexts: Sendable {
    /// Context of the TLS listener; nil without `sip.listen_tls`.
    let server: NIOSSLContext?
    private let clients: [Endpoint: NIOSSLContext]
    /// For TLS destinations no trunk names (a Contact elsewhere): the context of a
    /// trunk on the same host, else the system's trust roots with full checks.
    private let fallback: NIOSSLContext?

    static let none = SIPTLSContexts(server: nil, clients: [:], fallback: nil)

    private init(server: NIOSSLContext?, clients: [Endpoint: NIOSSLContext], fallback: NIOSSLContext?) {
        self.server = server
        self.clients = clients
        self.fallback = fallback
    }

    static func load(sip: SIPConfig, trunks: [TrunkConfig]) throws -> SIPTLSContexts {
        var identity: (chain: [NIOSSLCertificate], key: NIOSSLPrivateKey)?
        if let certificatePath = sip.tlsCertificate, let keyPath = sip.tlsPrivateKey {
            try requireReadable(certificatePath, key: "sip.tls_certificate")
            try requireReadable(keyPath, key: "sip.tls_private_key")
            let chain: [NIOSSLCertificate]
            do {
                chain = try NIOSSLCertificate.fromPEMFile(certificatePath)
            } catch {
                throw StartupError("sip.tls_certificate: '\(certificatePath)' holds no PEM certificate (\(error)); "
                    + "give the certificate chain in PEM form, server certificate first")
            }
            guard !chain.isEmpty else {
                throw StartupError("sip.tls_certificate: '\(certificatePath)' holds no PEM certificate; "
                    + "give the certificate chain in PEM form, server certificate first")
            }
            do {
                identity = (chain, try NIOSSLPrivateKey(file: keyPath, format: .pem))
            } catch {
                throw StartupError("sip.tls_private_key: '\(keyPath)' holds no PEM private key (\(error)); "
                    + "give the unencrypted PEM key of sip.tls_certificate")
            }
        }
        var server: NIOSSLContext?
        if sip.listenTLS != nil, let identity {
            var configuration = TLSConfiguration.makeServerConfiguration(
                certificateChain: identity.chain.map { .certificate($0) }, privateKey: .privateKey(identity.key))
            configuration.minimumTLSVersion = .tlsv12
            do {
                server = try NIOSSLContext(configuration: configuration)
            } catch {
                throw StartupError("sip.tls_certificate / sip.tls_private_key cannot be used together (\(error)); "
                    + "check that the key belongs to the certificate")
            }
        }
        var clients: [Endpoint: NIOSSLContext] = [:]
        for (index, trunk) in trunks.enumerated() where trunk.transport == .tls {
            clients[trunk.nextHop] = try clientContext(for: trunk, index: index, identity: identity)
        }
        let fallback = clients.isEmpty ? nil : try? NIOSSLContext(configuration: clientConfiguration(
            verify: true, caFile: nil, identity: identity))
        return SIPTLSContexts(server: server, clients: clients, fallback: fallback)
    }

    /// The context for a connection to `endpoint`.
    func client(for endpoint: Endpoint) -> NIOSSLContext? {
        if let exact = clients[endpoint] { return exact }
        if let sameHost = clients.first(where: { $0.key.host == endpoint.host })?.value { return sameHost }
        return fallback
    }

    /// The name checked against the trunk's certificate and sent as SNI (RFC 5922
    /// §7.2, RFC 6066 §3); nil for an IP literal, whose certificate is checked
    /// against its IP address entries instead.
    static func serverHostname(for endpoint: Endpoint) -> String? {
        let host = endpoint.host
        if host.contains(":") { return nil }
        let isIPv4 = host.split(separator: ".").count == 4 && host.allSatisfy { $0.isNumber || $0 == "." }
        return isIPv4 ? nil : host
    }

    private static func clientContext(for trunk: TrunkConfig, index: Int,
                                      identity: (chain: [NIOSSLCertificate], key: NIOSSLPrivateKey)?) throws
        -> NIOSSLContext {
        if let caFile = trunk.tlsCAFile {
            try requireReadable(caFile, key: "trunks[\(index)].tls_ca_file")
        }
        do {
            return try NIOSSLContext(configuration: clientConfiguration(
                verify: trunk.tlsVerify, caFile: trunk.tlsCAFile, identity: identity))
        } catch {
            let key = trunk.tlsCAFile == nil ? "trunks[\(index)].tls_verify" : "trunks[\(index)].tls_ca_file"
            throw StartupError("\(key): cannot set up TLS toward trunk '\(trunk.name)' (\(error)); "
                + (trunk.tlsCAFile == nil ? "the system's CA certificates could not be loaded"
                                          : "give a PEM file of CA certificates"))
        }
    }

    /// TLS 1.2 or later; the gateway's own certificate is offered when it has one,
    /// for trunks that authenticate their clients.
    private static func clientConfiguration(verify: Bool, caFile: String?,
                                            identity: (chain: [NIOSSLCertificate], key: NIOSSLPrivateKey)?)
        -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        configuration.certificateVerification = verify ? .fullVerification : .none
        configuration.trustRoots = caFile.map { .file($0) } ?? .default
        if let identity {
            configuration.certificateChain = identity.chain.map { .certificate($0) }
            configuration.privateKey = .privateKey(identity.key)
        }
        return configuration
    }

    private static func requireReadable(_ path: String, key: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw StartupError("\(key): '\(path)' does not exist; check the path in the configuration")
        }
        guard !isDirectory.boolValue, FileManager.default.isReadableFile(atPath: path) else {
            throw StartupError("\(key): '\(path)' is not a readable file; check its permissions")
        }
    }
}

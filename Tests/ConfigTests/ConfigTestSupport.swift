import Foundation
@testable import Config

/// Source name used in findings produced by these tests.
let testSource = "test.yaml"

/// Every finding for `yaml`, or none when it parses.
func findings(_ yaml: String) -> [ConfigFinding] {
    do {
        _ = try GatewayConfig.parse(yaml: yaml, source: testSource)
        return []
    } catch {
        return error.findings
    }
}

/// The findings' printed lines, for exact comparisons.
func lines(_ yaml: String) -> [String] {
    findings(yaml).map(\.description)
}

/// The smallest valid configuration: only the required key.
let minimalYAML = """
media:
  public_address: 192.0.2.10

"""

/// The repository's shipped Config/gateway.yaml, found from this file's location
/// (symbolic links resolved, so it works from a package that links the test folder).
var shippedConfigPath: String {
    let testsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().resolvingSymlinksInPath()
    return testsFolder.deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Config/gateway.yaml").path
}

import Dialplan

/// Loads one in-memory file named `test.yaml`, with trunks `carrier` and `backup` known.
func load(_ yaml: String, trunks: Set<String> = ["carrier", "backup"],
          prompts: Set<String>? = nil, limits: DialplanLimits = DialplanLimits()) throws(DialplanError) -> Dialplan {
    try DialplanLoader.load(files: [DialplanFile(name: "test.yaml", contents: yaml)],
                            references: DialplanReferences(trunks: trunks, prompts: prompts), limits: limits)
}

/// The findings of a file that must fail to load (empty if it loaded).
func findings(_ yaml: String, trunks: Set<String> = ["carrier", "backup"], prompts: Set<String>? = nil,
              limits: DialplanLimits = DialplanLimits()) -> [DialplanFinding] {
    do {
        _ = try load(yaml, trunks: trunks, prompts: prompts, limits: limits)
        return []
    } catch {
        return error.findings
    }
}

/// A one-context dialplan from rule lines (each already indented by six spaces).
func plan(country: String = "US", kind: String = "web", _ rules: String) -> String {
    """
    contexts:
      c:
        country: \(country)
        kind: \(kind)
        rules:
    \(rules)
    """
}

func firstTrunk(_ result: RouteResult) -> String? {
    for step in result.steps {
        if case .dial(let dial) = step { return dial.trunks.first }
    }
    return nil
}

import Testing
import Dialplan

/// `${name}` templates: parsing, expansion, and printing back as written.
@Suite struct TemplateTests {
    @Test(arguments: [
        ("+1212555${ext}", [Template.Part.text("+1212555"), .variable("ext")]),
        ("${area}${line}", [.variable("area"), .variable("line")]),
        ("Support ${caller_name} (line 2)", [.text("Support "), .variable("caller_name"), .text(" (line 2)")]),
        ("$$5 ${a1_b}$$", [.text("$5 "), .variable("a1_b"), .text("$")]),
        ("cost $5, $", [.text("cost $5, $")]),
        ("${x}}", [.variable("x"), .text("}")]),
        ("", []),
    ])
    func parses(text: String, parts: [Template.Part]) throws {
        let template = try Template(parsing: text)
        #expect(template.parts == parts)
        // Printing gives text that parses to the same template.
        #expect(try Template(parsing: template.description) == template)
    }

    @Test func descriptionWritesDollarsAsTheyMustBeTyped() throws {
        #expect(try Template(parsing: "$$5 ${a}").description == "$$5 ${a}")
        #expect(try Template(parsing: "cost $5").description == "cost $$5")
        #expect(Template(literal: "$").description == "$$")
        #expect(Template(literal: "").parts == [])
    }

    @Test func expandsKnownVariablesAndLeavesUnknownOnesEmpty() throws {
        let template = try Template(parsing: "+1${area}555${line}$$")
        #expect(template.variables == ["area", "line"])
        #expect(template.expand(["area": "212", "line": "0100"]) == "+12125550100$")
        #expect(template.expand(["area": "212"]) == "+1212555$")
        // Values are inserted as they are: a '$' or '${' in a value is not expanded again.
        #expect(try Template(parsing: "${a}").expand(["a": "${b}", "b": "x"]) == "${b}")
    }

    @Test(arguments: [
        ("+1${ext", "'${' without a closing '}' in '+1${ext'"),
        ("${}", "'' is not a variable name in '${}'"),
        ("${Ext}", "'Ext' is not a variable name in '${Ext}'"),
        ("${1st}", "'1st' is not a variable name in '${1st}'"),
        ("${first name}", "'first name' is not a variable name in '${first name}'"),
        ("${é}", "'é' is not a variable name in '${é}'"),
        ("${" + String(repeating: "a", count: 65) + "}", "'\(String(repeating: "a", count: 65))' is not a variable name in '${\(String(repeating: "a", count: 65))}'"),
    ])
    func refusesBadReferences(text: String, problem: String) {
        #expect(throws: PatternProblem.self) { try Template(parsing: text) }
        do {
            _ = try Template(parsing: text)
        } catch {
            #expect(error.problem == problem)
        }
    }

    @Test func sixtyFourCharacterNamesAreAccepted() throws {
        let name = "v" + String(repeating: "_", count: 63)
        #expect(try Template(parsing: "${\(name)}").variables == [name])
    }
}

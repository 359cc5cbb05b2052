import Testing
@testable import gateway_bench

/// The comma-separated options of `load`, `setup` and `relay-floor`: every item must be a
/// number, spaces around items are allowed, and a typo refuses the whole option.
@Suite struct CommaSeparatedTests {
    @Test func itemsAreTrimmedAndEveryOneMustParse() {
        #expect(commaSeparated("50,100, 200", as: Int.self) == [50, 100, 200])
        #expect(commaSeparated("12.5,25", as: Double.self) == [12.5, 25])
        #expect(commaSeparated("50,1OO", as: Int.self) == nil)
        #expect(commaSeparated("50, ,100", as: Int.self) == nil)
        #expect(commaSeparated("", as: Int.self) == [])
    }

    @Test func theCommandsRefuseATypoInTheirLists() throws {
        #expect(throws: (any Error).self) { try RelayFloorCommand.parse(["--calls", "200,4OO"]) }
        #expect(throws: (any Error).self) { try SetupCommand.parse(["--rates", "50,x"]) }
        #expect(throws: (any Error).self) { try LoadCommand.parse(["--calls", "5,1O"]) }
        #expect(throws: (any Error).self) { try LoadCommand.parse(["--gateway-cpus", "0,a"]) }
        let floor = try RelayFloorCommand.parse(["--calls", "200, 400"])
        #expect(floor.counts == [200, 400])
        let setup = try SetupCommand.parse(["--rates", "50,100"])
        #expect(setup.rateList == [50, 100])
    }
}

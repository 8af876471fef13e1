import Testing
@testable import AnalyticOracle

/// Names and orders of Conventions §2 and §5, checked against hand-written lists.
@Suite struct NamingTests {
    @Test func inputNamesAreBitStringsInFeatureOrder() throws {
        #expect(try InputType(name: "10000").index == 1)
        #expect(try InputType(name: "00001").index == 16)
        #expect(try InputType(name: "11010").features == [0, 1, 3])
        #expect(InputType.oneHot.map(\.name) == ["10000", "01000", "00100", "00010", "00001"])
        #expect(InputType.all.allSatisfy { (try? InputType(name: $0.name)) == $0 })
        #expect(InputType.oracleInputs.count == 17 && InputType.oracleInputs.last!.name == "00001")
        #expect(InputType.withoutFeature4.allSatisfy { !$0.contains(4) } && InputType.withoutFeature4.count == 16)
    }

    @Test func badInputNamesThrowErrorsNamingThem() {
        for bad in ["1000", "100000", "10x00", "", " 10000"] {
            #expect(throws: OracleError.malformedInputName(bad)) { try InputType(name: bad) }
        }
        #expect(throws: OracleError.inputIndexOutOfRange(32)) { try InputType(index: 32) }
        #expect(OracleError.malformedInputName("10x00").description.contains("\"10x00\""))
    }

    @Test func observableRowOrder() throws {
        let expected = ["dot(0,1)", "dot(0,2)", "dot(0,3)", "dot(0,4)", "dot(1,2)", "dot(1,3)", "dot(1,4)",
                        "dot(2,3)", "dot(2,4)", "dot(3,4)", "norm(0)", "norm(1)", "norm(2)", "norm(3)", "norm(4)",
                        "pos(4,x)", "pos(4,y)"]
        #expect(Observable.oracleRows.map(\.name) == expected)
        #expect(try expected.map { try Observable(name: $0) } == Observable.oracleRows)
        for bad in ["dot(0,5)", "norm()", "pos(4,z)", "dot(1)", "cos(0,1)", "dot(0,1"] {
            #expect(throws: OracleError.malformedObservableName(bad)) { try Observable(name: bad) }
        }
    }

    @Test func unsupportedInputsThrow() {
        let chi = BifurcationSusceptibilities(beta: 50.0)
        #expect(throws: OracleError.unsupportedInput("10001")) { try chi.chi(.dot(0, 4), InputType(name: "10001")) }
        #expect(throws: OracleError.unsupportedPolygon(5)) { try DeadFeatureLandscape.totalLoss(k: 5, r: 0.1, theta: 0.2) }
    }
}

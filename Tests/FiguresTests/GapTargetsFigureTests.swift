import Testing
@testable import Figures

@Suite("Gap-target figure")
struct GapTargetsFigureTests {
    @Test("12 pentagon diagrams grouped 1, 5, 5, 1 by break count, 5 vertices and 5 edges each")
    func diagrams() throws {
        let root = try checkCommon(.gapTargets())
        let targets = root.elements(class: "target")
        #expect(targets.count == 12)
        let byBreaks = Dictionary(grouping: targets) { Int($0.attributes["data-breaks"]!)! }.mapValues(\.count)
        // The essay: break counts 0, 2, 3, 5 with 1, 5, 5, 1 classes; 1 and 4 are impossible.
        #expect(byBreaks == [0: 1, 2: 5, 3: 5, 5: 1])
        #expect(Set(targets.map { $0.attributes["data-gaps"]! }).count == 12)
        for target in targets {
            let vertices = target.elements(class: "vertex")
            let edges = target.elements(class: "edge")
            #expect(vertices.count == 5 && edges.count == 5)
            #expect(Set(vertices.map { $0.attributes["data-feature"]! }).count == 5)
            // A regular pentagon: all five sides have the same drawn length.
            let xy = vertices.map { ($0.double("cx")!, $0.double("cy")!) }
            let sides = (0..<5).map { p in hypot(xy[p].0 - xy[(p + 1) % 5].0, xy[p].1 - xy[(p + 1) % 5].1) }
            #expect(sides.max()! - sides.min()! < 0.05)
            // Each edge's style follows the ring distance of the two labels drawn at its ends.
            let feature = vertices.map { Int($0.attributes["data-feature"]!)! }
            var broken = 0
            for edge in edges {
                let p = Array(edge.attributes["data-positions"]!).map { Int(String($0))! }
                let d = (feature[p[0]] - feature[p[1]] + 5) % 5
                let gap = min(d, 5 - d)
                #expect(Int(edge.attributes["data-gap"]!) == gap)
                #expect((edge.attributes["stroke-dasharray"] != nil) == (gap == 2))
                if gap == 2 { broken += 1 }
            }
            #expect(broken == Int(target.attributes["data-breaks"]!))
            // The gap string read around the ring is the one printed.
            let gaps = edges.map { $0.attributes["data-gap"]! }.joined()
            #expect(gaps == target.attributes["data-gaps"])
        }
    }
}

import Foundation

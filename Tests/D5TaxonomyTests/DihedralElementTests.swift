import Testing
@testable import D5Taxonomy

@Suite("D5")
struct DihedralElementTests {
    /// All permutations of ℤ/5, by brute force (independent of `Arrangement.all`).
    static let symmetricGroup: [[Int]] = {
        var result: [[Int]] = []
        for a in 0..<5 { for b in 0..<5 { for c in 0..<5 { for d in 0..<5 { for e in 0..<5 {
            let p = [a, b, c, d, e]
            if Set(p).count == 5 { result.append(p) }
        } } } } }
        return result
    }()

    @Test("the 10 elements are exactly the permutations of ℤ/5 that preserve ring distance")
    func isometries() {
        #expect(Self.symmetricGroup.count == 120)
        let isometries = Self.symmetricGroup.filter { p in
            (0..<5).allSatisfy { x in (0..<5).allSatisfy { y in Pentagon.gap(p[x], p[y]) == Pentagon.gap(x, y) } }
        }
        let elements = DihedralElement.all.map { g in (0..<5).map { g($0) } }
        #expect(Set(elements) == Set(isometries))
        #expect(Set(elements).count == 10)
    }

    @Test("composition and inverse agree with composing the maps pointwise")
    func groupLaws() {
        for g in DihedralElement.all {
            #expect((0..<5).allSatisfy { g.inverse(g($0)) == $0 })
            for h in DihedralElement.all {
                #expect((0..<5).allSatisfy { g.after(h)($0) == g(h($0)) })
                #expect(DihedralElement.all.contains(g.after(h)))
            }
        }
    }

    @Test("ring distance table")
    func gaps() {
        // gap(a, b) from the definition min(|a − b|, 5 − |a − b|) on 0…4.
        for a in 0..<5 {
            for b in 0..<5 {
                #expect(Pentagon.gap(a, b) == min(abs(a - b), 5 - abs(a - b)))
                #expect(Pentagon.gap(a + 5 * 3, b - 5 * 7) == Pentagon.gap(a, b))
            }
        }
    }
}

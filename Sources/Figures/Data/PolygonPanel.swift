/// One panel of the polygon figure: a weight matrix and its caption.
public struct PolygonPanel: Sendable, Equatable, Codable {
    public var title: String
    public var caption: String?
    public var vectors: FeatureVectors

    public init(title: String, caption: String? = nil, vectors: FeatureVectors) {
        self.title = title
        self.caption = caption
        self.vectors = vectors
    }

    /// The ideal k-gons for k = 2…5 (``FeatureVectors/idealPolygon(_:)``).
    public static let ideal: [PolygonPanel] = [(2, "digon"), (3, "triangle"), (4, "square"), (5, "pentagon")].map { k, name in
        PolygonPanel(title: "ideal \(name)", caption: k == 5 ? "|W\u{1D62}| = 0.9163" : "|W\u{1D62}| = 1", vectors: try! .idealPolygon(k))
    }
}

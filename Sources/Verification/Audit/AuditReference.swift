/// What the oracle says about one audited quantity: a value, and how far the
/// truth can be from it ([Audit.md §4](../../../Derivations/Audit.md),
/// "Reference uncertainty").
public struct AuditReference: Sendable, Equatable {
    public var value: Double
    /// `|truth − value| ≤ bound`: 0 for an exact (closed-form, certified) reference; for an
    /// expansion, the stated bound on the terms it leaves out.
    public var bound: Double

    public init(value: Double, bound: Double = 0) {
        self.value = value
        self.bound = bound
    }
}

/// The outcome of looking up one record: its reference, or why the oracle has none.
public enum AuditReferenceLookup: Sendable, Equatable {
    case reference(AuditReference)
    /// Outside the oracle's reach; the reason is reported with the skipped record.
    case outsideReach(String)
}

/// A source of references for the records of one kind of configuration.
///
/// The audit groups the records of a file by configuration and hands each
/// group to its source in one call, so a source can compute what the records
/// share (a critical point, a closed form's constants) once.
public protocol AuditReferenceSource: Sendable {
    /// The reference of each record, in order, or why there is none. Throws only for a
    /// failure of the oracle itself (a bug), never for a record it cannot answer.
    func references(for records: [AuditInput.Record]) throws -> [AuditReferenceLookup]
}

/// The sources `tms audit --from-file` consults, one per kind of configuration.
///
/// **The frozen-square hook.** ``frozenSquare`` answers every record with
/// `config = frozen-square`: ``FrozenSquareReferences`` (closed forms where they
/// exist, else the any-data frozen-square oracle, all 31 inputs).
public struct AuditReferences: Sendable {
    /// Records with `config = frozen-square`.
    public var frozenSquare: any AuditReferenceSource
    /// Records with a k-gon of the full model (`pentagon`, `square-dead`, …).
    public var fullModel: any AuditReferenceSource

    public init(frozenSquare: any AuditReferenceSource, fullModel: any AuditReferenceSource) {
        self.frozenSquare = frozenSquare
        self.fullModel = fullModel
    }

    /// The package's oracles.
    public static var standard: AuditReferences {
        AuditReferences(frozenSquare: FrozenSquareReferences(), fullModel: FullModelReferences())
    }

    /// The source of `configuration`.
    public func source(for configuration: AuditConfiguration) -> any AuditReferenceSource {
        switch configuration {
        case .frozenSquare: frozenSquare
        case .fullModel: fullModel
        }
    }
}

namespace RevenueCycle.X12;

/// <summary>The GS of a functional group: one kind of transaction, one version.</summary>
public sealed record FunctionalGroupHeader
{
    /// <summary>GS01: HP 835, HC 837, HS 270, HB 271, HN 277, FA 999.</summary>
    public required string FunctionalIdentifierCode { get; init; }

    /// <summary>GS02 application sender's code.</summary>
    public required string ApplicationSenderCode { get; init; }

    /// <summary>GS03 application receiver's code.</summary>
    public required string ApplicationReceiverCode { get; init; }

    /// <summary>GS04 (CCYYMMDD) and GS05 (HHMM).</summary>
    public required DateTime Created { get; init; }

    /// <summary>GS06, at most nine digits; matches GE02.</summary>
    public required int ControlNumber { get; init; }

    /// <summary>GS08: the implementation guide, e.g. 005010X221A1.</summary>
    public required string Version { get; init; }
}

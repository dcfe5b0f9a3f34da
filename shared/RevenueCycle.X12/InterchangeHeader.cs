namespace RevenueCycle.X12;

/// <summary>The ISA of an interchange: who sends it to whom, when, and its control number.</summary>
public sealed record InterchangeHeader
{
    /// <summary>ISA05: ZZ mutually defined, 01 DUNS, 30 federal tax id, ...</summary>
    public string SenderQualifier { get; init; } = MutuallyDefined;

    /// <summary>ISA06, at most 15 characters (written padded with spaces).</summary>
    public required string SenderId { get; init; }

    public string ReceiverQualifier { get; init; } = MutuallyDefined;

    /// <summary>ISA08, at most 15 characters.</summary>
    public required string ReceiverId { get; init; }

    /// <summary>ISA09 (YYMMDD) and ISA10 (HHMM).</summary>
    public required DateTime Created { get; init; }

    /// <summary>ISA13, at most nine digits; the sender keeps it unique. Matches IEA02.</summary>
    public required int ControlNumber { get; init; }

    /// <summary>ISA14: whether the sender wants a TA1 interchange acknowledgment.</summary>
    public bool AcknowledgmentRequested { get; init; }

    /// <summary>ISA15: P production, T test.</summary>
    public char UsageIndicator { get; init; } = Production;

    public const string MutuallyDefined = "ZZ";
    public const char Production = 'P';
    public const char Test = 'T';
    public const int MaxControlNumber = 999_999_999; // ISA13 is N0 9/9
}

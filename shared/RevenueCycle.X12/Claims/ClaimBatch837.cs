namespace RevenueCycle.X12.Claims;

/// <summary>
/// One 837P transaction set (005010X222A1): a batch of professional claims from one submitter to one
/// receiver. Claims are kept flat, each with its billing provider, subscriber and patient; the writer
/// builds the HL hierarchy (2000A/2000B/2000C) from them and the reader flattens it again.
/// </summary>
public sealed record ClaimBatch837
{
    public required X12Envelope Envelope { get; init; }

    /// <summary>BHT03: the submitter's identifier of this batch, echoed on the 999 and 277CA.</summary>
    public required string OriginatorReference { get; init; }

    /// <summary>BHT04/BHT05.</summary>
    public required DateTime Created { get; init; }

    /// <summary>BHT06: CH chargeable (claims to pay), RP reporting (encounters).</summary>
    public string TransactionTypeCode { get; init; } = Chargeable;

    /// <summary>Loop 1000A: NM1*41 with the submitter's ETIN (NM108 46).</summary>
    public required EntityName Submitter { get; init; }

    /// <summary>Loop 1000A PER*IC.</summary>
    public required Contact SubmitterContact { get; init; }

    /// <summary>Loop 1000B: NM1*40, the clearinghouse or payer receiving the file.</summary>
    public required EntityName Receiver { get; init; }

    public ValueList<Claim837> Claims { get; init; } = [];

    public const string Chargeable = "CH";
    public const string Reporting = "RP";
}

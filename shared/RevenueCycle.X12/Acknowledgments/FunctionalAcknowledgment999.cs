namespace RevenueCycle.X12.Acknowledgments;

/// <summary>
/// A 999 implementation acknowledgment (005010X231A1): whether one functional group, and each of its
/// transaction sets, passed syntax and implementation-guide checks. Accepted here is not accepted
/// for payment: that is the 277CA's word.
/// </summary>
public sealed record FunctionalAcknowledgment999
{
    public required X12Envelope Envelope { get; init; }

    /// <summary>AK101: the acknowledged group's GS01 (HC for claims).</summary>
    public required string FunctionalIdentifierCode { get; init; }

    /// <summary>AK102: the acknowledged group's GS06.</summary>
    public required int GroupControlNumber { get; init; }

    /// <summary>AK103: the acknowledged group's GS08.</summary>
    public string? Version { get; init; }

    /// <summary>AK2..IK5, one per transaction set.</summary>
    public ValueList<TransactionSetResponse999> TransactionSets { get; init; } = [];

    /// <summary>AK901.</summary>
    public required AcknowledgmentCode GroupStatus { get; init; }

    /// <summary>AK902: transaction sets the GE declared.</summary>
    public required int TransactionSetsIncluded { get; init; }

    /// <summary>AK903.</summary>
    public required int TransactionSetsReceived { get; init; }

    /// <summary>AK904.</summary>
    public required int TransactionSetsAccepted { get; init; }

    /// <summary>AK905..AK909: 4 group control numbers differ, 5 transaction set count wrong, ...</summary>
    public ValueList<string> GroupErrorCodes { get; init; } = [];

    /// <summary>
    /// Builds the AK9 from the transaction responses: A when all are accepted (E when errors were noted in any), P when some,
    /// and when none: M, W or X when every transaction set was rejected for that one reason (X231A1 AK901 carries them as IK501
    /// does), otherwise R.
    /// </summary>
    public static FunctionalAcknowledgment999 Summarize(
        X12Envelope envelope, string functionalIdentifierCode, int groupControlNumber, string? version,
        ValueList<TransactionSetResponse999> transactionSets, int? transactionSetsIncluded = null, ValueList<string>? groupErrorCodes = null)
    {
        var accepted = transactionSets.Count(t => t.Status is AcknowledgmentCode.Accepted or AcknowledgmentCode.AcceptedWithErrors);
        var errors = groupErrorCodes ?? [];
        var status = errors.Count > 0 || accepted == 0 ? CommonRejection(transactionSets, errors)
            : accepted < transactionSets.Count ? AcknowledgmentCode.PartiallyAccepted
            : transactionSets.Any(t => t.Status == AcknowledgmentCode.AcceptedWithErrors) ? AcknowledgmentCode.AcceptedWithErrors
            : AcknowledgmentCode.Accepted;
        return new FunctionalAcknowledgment999
        {
            Envelope = envelope,
            FunctionalIdentifierCode = functionalIdentifierCode,
            GroupControlNumber = groupControlNumber,
            Version = version,
            TransactionSets = transactionSets,
            GroupStatus = status,
            TransactionSetsIncluded = transactionSetsIncluded ?? transactionSets.Count,
            TransactionSetsReceived = transactionSets.Count,
            TransactionSetsAccepted = accepted,
            GroupErrorCodes = errors,
        };
    }

    private static AcknowledgmentCode CommonRejection(ValueList<TransactionSetResponse999> transactionSets, ValueList<string> groupErrors) =>
        groupErrors.Count == 0 && transactionSets.Count > 0
            && transactionSets[0].Status is AcknowledgmentCode.RejectedMacFailed or AcknowledgmentCode.RejectedAssuranceFailed or AcknowledgmentCode.RejectedContentNotAnalysed
            && transactionSets.All(t => t.Status == transactionSets[0].Status)
            ? transactionSets[0].Status
            : AcknowledgmentCode.Rejected;
}

/// <summary>
/// IK501 and AK901 (X231A1): A accepted, E accepted but errors were noted, R rejected, P partially accepted (AK901 only), and
/// three more rejections: M rejected because the message authentication code (MAC) failed, W rejected because the assurance
/// failed validity tests, X rejected because the content after decryption could not be analysed.
/// </summary>
public enum AcknowledgmentCode
{
    Accepted,
    AcceptedWithErrors,
    Rejected,
    PartiallyAccepted,
    RejectedMacFailed,
    RejectedAssuranceFailed,
    RejectedContentNotAnalysed,
}

public static class AcknowledgmentCodeExtensions
{
    /// <summary>R, M, W and X all reject (X231A1 IK501/AK901 code notes): nothing in the transaction set or group was accepted.</summary>
    public static bool IsRejection(this AcknowledgmentCode code) =>
        code is AcknowledgmentCode.Rejected or AcknowledgmentCode.RejectedMacFailed or AcknowledgmentCode.RejectedAssuranceFailed
            or AcknowledgmentCode.RejectedContentNotAnalysed;
}

internal static class AcknowledgmentCodes
{
    public static string ToCode(this AcknowledgmentCode code) => code switch
    {
        AcknowledgmentCode.Accepted => "A",
        AcknowledgmentCode.AcceptedWithErrors => "E",
        AcknowledgmentCode.Rejected => "R",
        AcknowledgmentCode.RejectedMacFailed => "M",
        AcknowledgmentCode.RejectedAssuranceFailed => "W",
        AcknowledgmentCode.RejectedContentNotAnalysed => "X",
        _ => "P",
    };

    public static AcknowledgmentCode Read(in X12Segment segment, int element) => segment.Element(element) switch
    {
        "A" => AcknowledgmentCode.Accepted,
        "E" => AcknowledgmentCode.AcceptedWithErrors,
        "R" => AcknowledgmentCode.Rejected,
        "P" => AcknowledgmentCode.PartiallyAccepted,
        "M" => AcknowledgmentCode.RejectedMacFailed,
        "W" => AcknowledgmentCode.RejectedAssuranceFailed,
        "X" => AcknowledgmentCode.RejectedContentNotAnalysed,
        var other => throw segment.Error(element, $"'{other}' is not an acknowledgment code (A, E, R, P, M, W, X)"),
    };
}

/// <summary>AK2, its IK3/IK4 errors and IK5: the verdict on one transaction set.</summary>
public sealed record TransactionSetResponse999
{
    /// <summary>AK201: 837, 270, ...</summary>
    public required string TransactionSetId { get; init; }

    /// <summary>AK202: the acknowledged ST02.</summary>
    public required string ControlNumber { get; init; }

    /// <summary>AK203: the acknowledged ST03.</summary>
    public string? ImplementationReference { get; init; }

    public ValueList<SegmentError999> SegmentErrors { get; init; } = [];

    /// <summary>IK501.</summary>
    public required AcknowledgmentCode Status { get; init; }

    /// <summary>IK502..IK506: 1 not supported, 2 trailer missing, 3 control numbers differ, 4 segment count wrong, 5 segment errors.</summary>
    public ValueList<string> ErrorCodes { get; init; } = [];

    public const string TrailerMissing = "2";
    public const string ControlNumbersDiffer = "3";
    public const string SegmentCountWrong = "4";
    public const string OneOrMoreSegmentsInError = "5";

    /// <summary>IK502 13: the message authentication code failed (goes with IK501 M).</summary>
    public const string MessageAuthenticationCodeFailed = "13";

    /// <summary>IK502 16: syntax error in decrypted text (goes with IK501 X).</summary>
    public const string SyntaxErrorInDecryptedText = "16";
}

/// <summary>IK3: a segment in error, by id and position within the transaction set (ST is 1).</summary>
public sealed record SegmentError999
{
    public required string SegmentId { get; init; }
    public required int Position { get; init; }

    /// <summary>IK303: the loop, e.g. 2300.</summary>
    public string? LoopId { get; init; }

    /// <summary>IK304: 1 unrecognized segment, 2 unexpected, 3 required segment missing, 8 segment has data element errors, ...</summary>
    public required string ErrorCode { get; init; }

    public ValueList<ElementError999> ElementErrors { get; init; } = [];

    public const string UnrecognizedSegment = "1";
    public const string UnexpectedSegment = "2";
    public const string RequiredSegmentMissing = "3";
    public const string HasDataElementErrors = "8";
}

/// <summary>IK4: an element in error.</summary>
public sealed record ElementError999
{
    public required int ElementPosition { get; init; }
    public int? ComponentPosition { get; init; }
    public int? RepetitionPosition { get; init; }

    /// <summary>IK402: the data element reference number in the X12 dictionary.</summary>
    public string? ReferenceNumber { get; init; }

    /// <summary>IK403: 1 required element missing, 6 invalid character, 7 invalid code value, 8 invalid date, ...</summary>
    public required string ErrorCode { get; init; }

    /// <summary>IK404: a copy of the bad data, without delimiters.</summary>
    public string? BadData { get; init; }

    public const string RequiredElementMissing = "1";
    public const string InvalidCharacter = "6";
    public const string InvalidCodeValue = "7";
    public const string InvalidDate = "8";
}

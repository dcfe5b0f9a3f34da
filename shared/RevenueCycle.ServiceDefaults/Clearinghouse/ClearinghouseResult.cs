namespace RevenueCycle.ServiceDefaults.Clearinghouse;

/// <summary>Why a clearinghouse call did not give an answer the caller can use.</summary>
public enum ClearinghouseFailureKind
{
    /// <summary>No connection could be made (refused, DNS, reset).</summary>
    Unreachable,

    /// <summary>No answer within the overall timeout, retries included.</summary>
    TimedOut,

    /// <summary>Recent calls failed so often that calls are refused for a while without being tried.</summary>
    CircuitOpen,

    /// <summary>The clearinghouse refused the request (4xx): resending it unchanged will not help.</summary>
    Rejected,

    /// <summary>The clearinghouse failed (5xx) on every attempt.</summary>
    ServerError,
}

/// <summary>A failed clearinghouse call: a reason a person can read, to store as the check's or submission's error.</summary>
public sealed record ClearinghouseFailure(ClearinghouseFailureKind Kind, string Reason, int? StatusCode = null)
{
    /// <summary>Whether trying the same call later may succeed (everything but a 4xx).</summary>
    public bool IsTransient => Kind != ClearinghouseFailureKind.Rejected;
}

/// <summary>The outcome of a clearinghouse call: a value, or a failure; never an exception for an unreachable or failing clearinghouse.</summary>
public sealed record ClearinghouseResult<T>
{
    public T? Value { get; init; }
    public ClearinghouseFailure? Failure { get; init; }

    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(false, nameof(Failure))]
    public bool Succeeded => Failure is null;

    public static ClearinghouseResult<T> Success(T value) => new() { Value = value };
    public static ClearinghouseResult<T> Failed(ClearinghouseFailure failure) => new() { Failure = failure };

    public override string ToString() => Succeeded ? $"Succeeded: {Value}" : $"{Failure.Kind}: {Failure.Reason}";
}

/// <summary><c>202/200 { fileId, interchangeControlNumber }</c> of <c>POST /clearinghouse/{submitterId}/files</c>.</summary>
/// <param name="Duplicate">True when the clearinghouse already had this interchange control number (200): nothing was processed twice.</param>
public sealed record FileSubmission(Guid FileId, string InterchangeControlNumber, bool Duplicate);

/// <summary>One file waiting in a submitter's mailbox.</summary>
public sealed record MailboxItem(Guid Id, string Kind, DateTimeOffset CreatedAt, string InterchangeControlNumber);

/// <summary>The kinds of file a mailbox holds.</summary>
public static class MailboxKinds
{
    public const string FunctionalAcknowledgment = "999";
    public const string ClaimAcknowledgment = "277CA";
    public const string Remittance = "835";
    public const string EligibilityResponse = "271";

    public static readonly IReadOnlyList<string> All = [FunctionalAcknowledgment, ClaimAcknowledgment, Remittance, EligibilityResponse];
}

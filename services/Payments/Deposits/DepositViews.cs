namespace RevenueCycle.Payments.Deposits;

/// <summary>A bank deposit and what it was matched to. On the unmatched-deposits queue its <see cref="Id"/> is the item's id.</summary>
public sealed record DepositView
{
    public Guid Id { get; init; }
    public Guid FileId { get; init; }
    public int Line { get; init; }
    public DateOnly DepositDate { get; init; }
    public decimal Amount { get; init; }
    public string? TraceNumber { get; init; }
    public string? PayerId { get; init; }
    public string? BankReference { get; init; }
    public string? CustomerReference { get; init; }
    public string? TypeCode { get; init; }
    public string? AccountNumber { get; init; }
    public string? Description { get; init; }
    /// <summary>unmatched, flagged (a remittance carries its trace but another amount, or several do) or matched.</summary>
    public string Status { get; init; } = "";
    public string? Flag { get; init; }
    public string? FlagDetail { get; init; }
    public Guid? RemittanceId { get; init; }
    public string? RemittancePayerName { get; init; }
    public string? RemittanceTraceNumber { get; init; }
    public decimal? RemittanceAmount { get; init; }
    public DateTimeOffset? MatchedAt { get; init; }
    public string? MatchedBy { get; init; }
    public string? MatchMethod { get; init; }
    public string? MatchNote { get; init; }
    /// <summary>False once a person unmatched it: it is then matched only by hand.</summary>
    public bool AutomaticMatching { get; init; }
    public DateTimeOffset ReceivedAt { get; init; }
    /// <summary>The unmatched-deposits queue's work fields (absent on the other deposit lists).</summary>
    public string? Assignee { get; init; }
    public DateOnly? PendedUntil { get; init; }
    public int? CommentCount { get; init; }
}

public sealed record DepositMatchEvent
{
    public Guid RemittanceId { get; init; }
    public string Action { get; init; } = "";
    public string Method { get; init; } = "";
    public string PerformedBy { get; init; } = "";
    public string? Reason { get; init; }
    public DateTimeOffset At { get; init; }
}

public sealed record DepositDetail(DepositView Deposit, IReadOnlyList<DepositMatchEvent> History);

public sealed record UploadedDeposit(Guid Id, int Line, decimal Amount, string? TraceNumber, string Status, bool Duplicate);

/// <summary>What a deposit file came to: each credit, new or already received (a duplicate is never stored twice).</summary>
public sealed record DepositUpload(Guid FileId, string Format, int Created, int Duplicates, IReadOnlyList<UploadedDeposit> Deposits);

/// <summary><c>{ remittanceId, reason, userId }</c>: a reason is required when the amounts differ; userId is the staff member (else the API key).</summary>
public sealed record ManualMatch(Guid? RemittanceId, string? Reason, string? UserId);

public sealed record ManualUnmatch(string? Reason, string? UserId);

public sealed record DepositSettings(int RemittanceWaitBusinessDays);

public sealed record DepositSettingsUpdate(int? RemittanceWaitBusinessDays);

/// <summary>A posted remittance whose payment no bank deposit has been matched to after the practice's waiting time.</summary>
public sealed record RemittanceWithoutDeposit
{
    public Guid Id { get; init; }
    public string PayerName { get; init; } = "";
    public string PayerKey { get; init; } = "";
    public string TraceNumber { get; init; } = "";
    public decimal PaymentAmount { get; init; }
    public string PaymentMethod { get; init; } = "";
    public DateOnly PaymentDate { get; init; }
    public DateOnly DepositExpectedBy { get; init; }
    public DateTimeOffset ReceivedAt { get; init; }
}

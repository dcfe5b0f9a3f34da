namespace RevenueCycle.PatientBilling.Ledger;

/// <summary>What an entry records; positive amounts are owed by the patient, negative ones are credits.</summary>
public static class EntryKind
{
    // Patient responsibility as the payer left it (835 CAS group PR): CARC 1, 2, 3, and the rest.
    public const string Deductible = "deductible";
    public const string Coinsurance = "coinsurance";
    public const string Copay = "copay";
    public const string NonCovered = "non-covered";
    public const string Other = "other";
    public const string Payment = "payment";
    public const string Refund = "refund";
    public const string Adjustment = "adjustment";

    public static readonly string[] Responsibility = [Deductible, Coinsurance, Copay, NonCovered, Other];

    public static bool IsResponsibility(string kind) => Responsibility.Contains(kind);
}

/// <summary>One append-only ledger entry; the account's balance is always the sum of its entries.</summary>
public sealed record LedgerEntry
{
    public Guid Id { get; init; }
    [System.Text.Json.Serialization.JsonIgnore] public Guid PatientId { get; init; }
    public string Kind { get; init; } = "";
    public decimal Amount { get; init; }
    public string Description { get; init; } = "";
    public Guid? ClaimId { get; init; }
    public DateOnly? DateOfService { get; init; }
    /// <summary>When the amount became the patient's, or the money moved: aging and statements count from it.</summary>
    public DateOnly EffectiveDate { get; init; }
    public string? Method { get; init; }
    public string? Reference { get; init; }
    public string? Reason { get; init; }
    public Guid? SourceId { get; init; }
    public DateTimeOffset PostedAt { get; init; }
}

public static class LedgerSql
{
    public const string SelectEntries =
        """
        SELECT id, patient_id, kind, amount, description, claim_id, date_of_service, effective_date, method, reference, reason, source_id, posted_at
        FROM ledger_entries
        """;

    public const string Insert =
        """
        INSERT INTO ledger_entries (id, tenant_id, patient_id, kind, amount, description, claim_id, date_of_service,
                                    effective_date, method, reference, reason, source_id)
        VALUES (@Id, @TenantId, @PatientId, @Kind, @Amount, @Description, @ClaimId, @DateOfService,
                @EffectiveDate, @Method, @Reference, @Reason, @SourceId)
        ON CONFLICT (tenant_id, source_id, kind) WHERE source_id IS NOT NULL DO NOTHING
        """;
}

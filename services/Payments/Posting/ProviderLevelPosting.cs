using Dapper;
using Npgsql;
using RevenueCycle.Payments.Ledger;
using RevenueCycle.X12.Remittance;

namespace RevenueCycle.Payments.Posting;

/// <summary>What a PLB adjustment is to the practice's books (PLB03-1, X221A1 2.4 PLB and 1.10.2.12 balance forward processing).</summary>
public static class ProviderAdjustmentKind
{
    /// <summary>WO overpayment recovery, 72 authorized return: the payer takes back money it paid.</summary>
    public const string Recoupment = "recoupment";
    /// <summary>FB forwarding balance: a negative net carried from one payment to a later one.</summary>
    public const string ForwardBalance = "forward-balance";
    /// <summary>L6 interest owed (a negative PLB amount is interest paid), 90 early payment allowance.</summary>
    public const string Interest = "interest";
    public const string Other = "other";

    public static string Of(string reasonCode) => reasonCode switch
    {
        "WO" or "72" => Recoupment,
        "FB" => ForwardBalance,
        "L6" or "90" => Interest,
        _ => Other,
    };
}

/// <summary>
/// Posts the provider-level adjustments of one remittance, after its claims. Every PLB goes to the provider ledger (the
/// remittance reconciles: BPR02 = Σ CLP04 − Σ PLB). A recoupment or forward balance that names a claim (PLB03-2) takes
/// money back from that claim's ledger only for the part no reversal already took back: a reversal of the claim in the same
/// 835 (its net CLP04 there is negative), or an advance an earlier PLB carried for it (a negative FB or WO naming it) —
/// never counted twice. Interest is interest income, never a claim's payment.
/// </summary>
public static class ProviderLevelPosting
{
    sealed record ClaimRef
    {
        public Guid ClaimId { get; init; }
        public string PatientControlNumber { get; init; } = "";
    }

    public static async Task PostAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid tenant, RemittanceHeader remittance,
        IReadOnlyList<ProviderAdjustment> adjustments, IReadOnlyDictionary<Guid, decimal> netPaidByClaim)
    {
        var movedLeft = netPaidByClaim.ToDictionary(p => p.Key, p => Math.Max(0, -p.Value));
        var seq = 0;
        foreach (var plb in adjustments)
        {
            var kind = ProviderAdjustmentKind.Of(plb.ReasonCode);
            // A forward balance names the payment (TRN02) that carried it (X12 RFI 1114, 2218), not a claim — though some payers name the claim.
            var namesPayment = kind == ProviderAdjustmentKind.ForwardBalance && plb.Reference is { Length: > 0 } trace &&
                await NamesPaymentAsync(connection, tx, tenant, trace.Trim(), remittance);
            var claim = plb.Reference is { Length: > 0 } reference && !namesPayment ? await FindClaimAsync(connection, tx, tenant, reference, remittance) : null;
            var toClaim = 0m;
            string note;
            if (kind is ProviderAdjustmentKind.Recoupment or ProviderAdjustmentKind.ForwardBalance && claim is not null)
            {
                if (plb.Amount > 0)
                {
                    var moved = movedLeft.GetValueOrDefault(claim.ClaimId);
                    var advance = Math.Max(0, -await ProviderOnlyAsync(connection, tx, tenant, claim.ClaimId));
                    var absorbed = Math.Min(plb.Amount, moved + advance);
                    movedLeft[claim.ClaimId] = Math.Max(0, moved - absorbed);
                    toClaim = plb.Amount - absorbed;
                    note = toClaim == 0
                        ? $"Recovers {plb.Amount:0.00} of claim {claim.PatientControlNumber} that a reversal already took back on its ledger."
                        : $"Recouped {toClaim:0.00} from claim {claim.PatientControlNumber}" +
                          (absorbed > 0 ? $"; {absorbed:0.00} a reversal already took back." : ".");
                    if (toClaim > 0)
                        await LedgerStore.EnterAsync(connection, tx, tenant, claim.ClaimId, null,
                            [new LedgerDraft(null, EntryKind.Recoupment, Bucket.InsurancePaid, null, null, -toClaim,
                                $"Recouped by {remittance.PayerName} at provider level (PLB {plb.ReasonCode}, TRN {remittance.TraceNumber})")],
                            remittance.RemittanceId);
                }
                else
                    note = $"The payer carries {-plb.Amount:0.00} for claim {claim.PatientControlNumber} to a later payment (owed back to it).";
            }
            else
                note = kind switch
                {
                    ProviderAdjustmentKind.Interest => plb.Amount <= 0 ? $"Interest income {-plb.Amount:0.00}." : $"Interest taken back {plb.Amount:0.00}.",
                    ProviderAdjustmentKind.ForwardBalance => plb.Amount < 0
                        ? $"The payer carries {-plb.Amount:0.00} to a later payment (owed back to it)."
                        : $"The payer recovers {plb.Amount:0.00} carried from an earlier payment.",
                    ProviderAdjustmentKind.Recoupment when plb.Reference is { Length: > 0 } => $"Recovery naming '{plb.Reference}', which is no claim known here.",
                    _ => $"Provider-level adjustment {plb.ReasonCode} of {plb.Amount:0.00}.",
                };

            await connection.ExecuteAsync(
                """
                INSERT INTO provider_adjustments (id, tenant_id, remittance_id, seq, provider_identifier, fiscal_period_date, reason_code, reference, amount,
                                                  kind, payer_key, claim_id, posted_to_claim, note)
                VALUES (@Id, @Tenant, @Remittance, @Seq, @ProviderIdentifier, @FiscalPeriodDate, @ReasonCode, @Reference, @Amount,
                        @Kind, @PayerKey, @Claim, @ToClaim, @Note)
                """,
                new { Id = Guid.CreateVersion7(), Tenant = tenant, Remittance = remittance.RemittanceId, Seq = ++seq, plb.ProviderIdentifier,
                    plb.FiscalPeriodDate, plb.ReasonCode, plb.Reference, plb.Amount, Kind = kind, remittance.PayerKey, Claim = claim?.ClaimId, ToClaim = toClaim,
                    Note = note }, tx);
        }
    }

    /// <summary>Σ of what earlier PLBs naming the claim left at provider level: negative while the payer still has an advance to recover.</summary>
    static Task<decimal> ProviderOnlyAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid tenant, Guid claim) =>
        connection.ExecuteScalarAsync<decimal>(
            """
            SELECT coalesce(sum(amount - posted_to_claim), 0) FROM provider_adjustments
            WHERE tenant_id = @Tenant AND claim_id = @Claim AND kind IN ('recoupment', 'forward-balance')
            """, new { Tenant = tenant, Claim = claim }, tx);

    static Task<bool> NamesPaymentAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid tenant, string trace, RemittanceHeader remittance) =>
        connection.ExecuteScalarAsync<bool>(
            "SELECT EXISTS (SELECT 1 FROM remittances WHERE tenant_id = @Tenant AND payer_key = @PayerKey AND trace_number = @Trace)",
            new { Tenant = tenant, remittance.PayerKey, Trace = trace }, tx);

    /// <summary>PLB03-2 names the claim by its patient control number or the payer's claim number (X221A1 PLB03-2 note).</summary>
    static Task<ClaimRef?> FindClaimAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid tenant, string reference, RemittanceHeader payer) =>
        connection.QueryFirstOrDefaultAsync<ClaimRef>(
            """
            SELECT claim_id, patient_control_number FROM claims
            WHERE tenant_id = @Tenant AND frequency <> 8
              AND (patient_control_number = @Reference OR payer_claim_number = @Reference
                   OR claim_id IN (SELECT claim_id FROM remittance_claims WHERE tenant_id = @Tenant AND payer_claim_number = @Reference AND claim_id IS NOT NULL))
            ORDER BY (CASE WHEN cardinality(@PayerIds) > 0 THEN upper(payer_id) = ANY(@PayerIds) ELSE true END) DESC,
                     superseded_by IS NULL DESC, submitted_at DESC LIMIT 1
            """, new { Tenant = tenant, Reference = reference.Trim(), payer.PayerIds }, tx);
}

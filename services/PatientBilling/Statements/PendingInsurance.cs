using Dapper;
using Npgsql;
using RevenueCycle.PatientBilling.Ledger;

namespace RevenueCycle.PatientBilling.Statements;

/// <summary>
/// A visit still in a payer's hands, as the patient's statement shows it: not billed, not dunned, listed apart.
/// </summary>
/// <param name="PayerResponsibility">The payer's turn for this visit: primary, secondary or tertiary.</param>
/// <param name="Charges">The visit's charges as billed on the claim now with <paramref name="Payer"/>.</param>
/// <param name="InsurancePaid">What earlier payers (or this payer, before forwarding the claim) have already paid.</param>
/// <param name="Pending">
/// What the payer may still pay: the whole charge while no payer has answered; once an earlier payer has, the share it
/// left to the patient, which coordination of benefits hands to the next payer before anything is billed.
/// </param>
public sealed record StatementPendingVisit(
    DateOnly DateOfService, string Payer, string PayerResponsibility, DateOnly SentOn, decimal Charges, decimal InsurancePaid, decimal Pending);

/// <summary>
/// Which of an account's visits are still with insurance. A visit (an encounter: its primary, secondary and replacement
/// claims) is pending while any of its claims awaits a payer; the patient's share already posted for its earlier claims is
/// held off the statement with it (a corrected claim's payer will reverse it; a secondary's share went back to insurance).
/// </summary>
public sealed record PendingVisit(StatementPendingVisit Shown, IReadOnlySet<Guid> ClaimIds)
{
    /// <summary>The ledger without the patient's shares of pending visits: what a statement may bill.</summary>
    public static List<LedgerEntry> Billable(IEnumerable<LedgerEntry> ledger, IReadOnlyCollection<PendingVisit> pending) =>
        pending.Count == 0
            ? ledger.ToList()
            : ledger.Where(e => !(EntryKind.IsResponsibility(e.Kind) && e.ClaimId is { } claim && pending.Any(p => p.ClaimIds.Contains(claim)))).ToList();

    sealed record ClaimRow
    {
        public Guid PatientId { get; init; }
        public Guid VisitId { get; init; }
        public Guid ClaimId { get; init; }
        public string PayerName { get; init; } = "";
        public short PayerRank { get; init; }
        public DateOnly DateOfService { get; init; }
        public decimal TotalCharge { get; init; }
        public bool WithInsurance { get; init; }
        public DateTimeOffset SubmittedAt { get; init; }
        public bool Adjudicated { get; init; }
        public decimal InsurancePaid { get; init; }
        public decimal PatientOwes { get; init; }
    }

    /// <summary>
    /// The practice's pending visits by patient, with what the payers had answered by <paramref name="asOf"/>. Whether a
    /// claim is with insurance is its state now (PatientBilling keeps no history of it), as the run has always read it.
    /// </summary>
    public static async Task<ILookup<Guid, PendingVisit>> LoadAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid tenant, DateOnly asOf)
    {
        var rows = await connection.QueryAsync<ClaimRow>(
            """
            SELECT c.patient_id, coalesce(c.encounter_id, c.claim_id) AS visit_id, c.claim_id, c.payer_name, c.payer_rank, c.date_of_service,
                   c.total_charge, c.with_insurance, c.submitted_at,
                   s.claim_id IS NOT NULL AS adjudicated, coalesce(s.insurance_paid, 0) AS insurance_paid, coalesce(s.patient_owes, 0) AS patient_owes
            FROM claims c
            LEFT JOIN LATERAL (
                SELECT cs.claim_id, sum(cs.insurance_paid) AS insurance_paid, sum(cs.patient_owes) AS patient_owes
                FROM claim_services cs
                WHERE cs.tenant_id = c.tenant_id AND cs.patient_id = c.patient_id AND cs.claim_id = c.claim_id AND cs.payment_date <= @AsOf
                GROUP BY cs.claim_id
            ) s ON true
            WHERE c.tenant_id = @Tenant
              AND (c.patient_id, coalesce(c.encounter_id, c.claim_id)) IN (
                  SELECT patient_id, coalesce(encounter_id, claim_id) FROM claims WHERE tenant_id = @Tenant AND with_insurance)
            """, new { Tenant = tenant, AsOf = asOf }, tx);
        return rows.GroupBy(r => (r.PatientId, r.VisitId)).Select(Visit).ToLookup(v => v.PatientId, v => v.Visit);
    }

    static (Guid PatientId, PendingVisit Visit) Visit(IGrouping<(Guid PatientId, Guid VisitId), ClaimRow> claims)
    {
        var current = claims.Where(c => c.WithInsurance).OrderByDescending(c => c.PayerRank).ThenByDescending(c => c.SubmittedAt).First();
        // What payers have answered before this one: earlier payers' claims, and this claim itself when its payer processed it
        // and forwarded it to the next (CLP02 19-21). A replaced claim in the same turn is not an answer: its payer will redo it.
        var answered = claims.Where(c => c.Adjudicated && (c.PayerRank < current.PayerRank || c.ClaimId == current.ClaimId)).ToList();
        var lastTurn = answered.Count == 0 ? null : answered.Max(c => (int?)c.PayerRank);
        var pending = lastTurn is { } turn ? answered.Where(c => c.PayerRank == turn).Sum(c => c.PatientOwes) : current.TotalCharge;
        var shown = new StatementPendingVisit(current.DateOfService, current.PayerName, Responsibility(current.PayerRank),
            DateOnly.FromDateTime(current.SubmittedAt.UtcDateTime), current.TotalCharge, answered.Sum(c => c.InsurancePaid), pending);
        return (claims.Key.PatientId, new PendingVisit(shown, claims.Select(c => c.ClaimId).ToHashSet()));
    }

    static string Responsibility(short rank) => rank switch { 2 => "secondary", 3 => "tertiary", _ => "primary" };
}

using System.Data.Common;
using System.Text.Json;
using Dapper;
using RevenueCycle.ClearinghouseSimulator.Settings;
using RevenueCycle.ClearinghouseSimulator.Submissions;
using RevenueCycle.X12;
using RevenueCycle.X12.Acknowledgments;
using RevenueCycle.X12.Claims;
using RevenueCycle.X12.Remittance;

namespace RevenueCycle.ClearinghouseSimulator.Adjudication;

/// <summary>
/// One file's claims through the payers' front-end edits (277CA) and adjudication, in claim order. What the database
/// knows — payers' settings, members' plans, the services already adjudicated (duplicates), the claims a replacement
/// or void may name — is read up front; each claim then sees the claims before it (deductible met, services, reversals)
/// in memory; what the run decided is written by <see cref="SaveAsync"/> in a few set-based statements. A file costs the
/// same handful of round trips whatever its size. The caller holds the adjudication lock, so nothing else changes
/// those rows meanwhile.
/// </summary>
public sealed class AdjudicationRun
{
    readonly DbConnection connection;
    readonly DbTransaction transaction;
    readonly string submitterId;
    readonly Guid fileId;
    readonly DateOnly received;
    readonly Dictionary<string, PayerSettings> payers;
    readonly Dictionary<(string PayerId, string MemberId), MemberPlan> members;
    readonly HashSet<(string PayerId, string MemberId)> membersChanged = [];
    readonly Dictionary<(string PayerId, string MemberId), Dictionary<(DateOnly Date, string Code), int>> services;
    readonly Dictionary<(string PayerId, string Number), Original> originals;
    readonly Queue<string> payerClaimNumbers;
    readonly List<Payment> payments = [];
    readonly List<Service> servicesAdded = [];
    readonly List<Guid> reversed = [];

    sealed record Original(Guid Id, string PayerId, string MemberId, AdjudicatedClaim Claim);

    /// <param name="Check">0 for the run's first check to the payee; 1 for a later, separate check (a second payment, a recoupment).</param>
    /// <param name="IsDuplicate">A second payment of a claim already paid: not the payer's record of the claim (a replacement reverses the first).</param>
    sealed record Payment(Guid Id, string PayerId, string MemberId, AdjudicatedClaim Claim, bool IsReversal, int DelaySeconds, int Check, bool IsDuplicate);

    const int FirstCheck = 0;
    const int LaterCheck = 1;

    sealed record Service(Guid ClaimPaymentId, string PayerId, string MemberId, DateOnly ServiceDate, string ProcedureCode);

    AdjudicationRun(DbConnection connection, DbTransaction transaction, string submitterId, Guid fileId, DateOnly received,
        Dictionary<string, PayerSettings> payers, Dictionary<(string, string), MemberPlan> members,
        Dictionary<(string, string), Dictionary<(DateOnly, string), int>> services, Dictionary<(string, string), Original> originals, Queue<string> payerClaimNumbers)
    {
        this.connection = connection;
        this.transaction = transaction;
        this.submitterId = submitterId;
        this.fileId = fileId;
        this.received = received;
        this.payers = payers;
        this.members = members;
        this.services = services;
        this.originals = originals;
        this.payerClaimNumbers = payerClaimNumbers;
    }

    /// <summary>Reads what the file's claims need; <paramref name="received"/> is the day the file was taken (timely filing counts to it).</summary>
    public static async Task<AdjudicationRun> StartAsync(DbConnection connection, DbTransaction transaction, string submitterId, Guid fileId, DateOnly received,
        IReadOnlyList<Claim837> claims)
    {
        var payers = await SettingsStore.PayersAsync(connection, claims.Select(c => c.Payer.PayerId).Distinct(StringComparer.Ordinal).ToList(), transaction);
        // The payers claims are forwarded to (crossover) adjudicate them too, with their own settings and the member's plan with them.
        var crossovers = claims.Where(c => payers.GetValueOrDefault(c.Payer.PayerId)?.CrossoverTo is not null).ToList();
        var crossoverPayerIds = crossovers.Select(c => payers[c.Payer.PayerId].CrossoverTo!.PayerId).Distinct(StringComparer.Ordinal)
            .Where(id => !payers.ContainsKey(id)).ToList();
        if (crossoverPayerIds.Count > 0)
            foreach (var (id, settings) in await SettingsStore.PayersAsync(connection, crossoverPayerIds, transaction))
                payers[id] = settings;
        var keys = claims.Select(c => (c.Payer.PayerId, c.Subscriber.MemberId))
            .Concat(crossovers.Select(c => (payers[c.Payer.PayerId].CrossoverTo!.PayerId, c.Subscriber.MemberId))).Distinct().ToList();
        var members = keys.Count == 0 ? [] : await SettingsStore.MembersAsync(connection, keys, transaction);

        var services = new Dictionary<(string, string), Dictionary<(DateOnly, string), int>>();
        if (keys.Count > 0)
            foreach (var s in await connection.QueryAsync<ServiceRow>(
                         """
                         SELECT s.payer_id, s.member_id, s.service_date, s.procedure_code FROM adjudicated_services s
                         JOIN unnest(@payerIds, @memberIds) AS k(payer_id, member_id) ON k.payer_id = s.payer_id AND k.member_id = s.member_id
                         WHERE s.active
                         """, new { payerIds = keys.Select(k => k.PayerId).ToArray(), memberIds = keys.Select(k => k.MemberId).ToArray() }, transaction))
                Add(services, (s.PayerId, s.MemberId), (s.ServiceDate, s.ProcedureCode), 1);

        var named = claims.Where(c => c.Frequency is ClaimFrequency.Replacement or ClaimFrequency.Void && !string.IsNullOrWhiteSpace(c.PayerClaimControlNumber))
            .Select(c => (c.Payer.PayerId, Number: c.PayerClaimControlNumber!)).Distinct().ToList();
        var originals = new Dictionary<(string, string), Original>();
        if (named.Count > 0)
            foreach (var o in await connection.QueryAsync<OriginalRow>(
                         """
                         SELECT DISTINCT ON (c.payer_id, c.payer_claim_number) c.id, c.payer_id, c.member_id, c.payer_claim_number, c.payment::text AS payment
                         FROM claim_payments c
                         JOIN unnest(@payerIds, @numbers) AS k(payer_id, payer_claim_number) ON k.payer_id = c.payer_id AND k.payer_claim_number = c.payer_claim_number
                         WHERE NOT c.reversed AND NOT c.is_reversal AND NOT c.is_duplicate
                         ORDER BY c.payer_id, c.payer_claim_number, c.sequence DESC
                         """, new { payerIds = named.Select(n => n.PayerId).ToArray(), numbers = named.Select(n => n.Number).ToArray() }, transaction))
                originals[(o.PayerId, o.PayerClaimNumber)] = new Original(o.Id, o.PayerId, o.MemberId, JsonSerializer.Deserialize<AdjudicatedClaim>(o.Payment, SettingsStore.Json)!);

        // A number for every claim that passes the edits known before adjudication; one rejected later (A7) leaves a gap.
        // A crossover claim takes a second: the claim number of the payer it is forwarded to.
        var wanted = claims.Count(c => !(members.GetValueOrDefault((c.Payer.PayerId, c.Subscriber.MemberId))?.Invalid ?? false)
            && PayerClaimEdits.Check(c, payers.GetValueOrDefault(c.Payer.PayerId) ?? PayerSettings.Default) is null
            && !(c.Frequency is ClaimFrequency.Replacement or ClaimFrequency.Void && string.IsNullOrWhiteSpace(c.PayerClaimControlNumber)))
            + crossovers.Count;
        var numbers = wanted == 0 ? [] : await connection.QueryAsync<long>(
            "SELECT n FROM (SELECT nextval('payer_claim_numbers') AS n FROM generate_series(1, @wanted)) AS s ORDER BY n", new { wanted }, transaction);
        return new AdjudicationRun(connection, transaction, submitterId, fileId, received, payers, members, services, originals,
            new Queue<string>(numbers.Select(n => "SIM" + n.ToString("D9", System.Globalization.CultureInfo.InvariantCulture))));
    }

    public ClaimStatus277 Take(Claim837 claim, string trace)
    {
        var payerId = claim.Payer.PayerId;
        var memberId = claim.Subscriber.MemberId;
        var key = (payerId, memberId);
        var payer = payers.GetValueOrDefault(payerId) ?? PayerSettings.Default;
        var plan = members.GetValueOrDefault(key);

        var acknowledgment = new ClaimStatus277
        {
            BillingProvider = EntityName.Organization(claim.BillingProvider.OrganizationName, EntityName.NpiQualifier, claim.BillingProvider.Npi),
            PatientName = claim.Patient?.Name ?? claim.Subscriber.Name,
            MemberId = memberId,
            PatientControlNumber = claim.PatientControlNumber,
            ClearinghouseTraceNumber = trace,
            ServiceDateFrom = claim.Lines.Count > 0 ? claim.Lines.Min(l => l.ServiceDate) : null,
            ServiceDateTo = claim.Lines.Count > 0 ? claim.Lines.Max(l => l.ServiceDate) : null,
        };
        // Lost between the clearinghouse and the payer: the clearinghouse's receipt only (ClaimFileProcessor), nothing adjudicated.
        if (payer.LoseClaims)
            return acknowledgment with
            {
                Statuses = [new ClaimStatusDetail
                {
                    Category = ClaimStatusDetail.Received, StatusCode = ClaimStatusCodes277.EntityAcknowledgesReceipt, EntityCode = ClaimAcknowledgment277.Payer,
                    EffectiveDate = received, ActionCode = "WQ", ChargeAmount = claim.TotalCharge,
                }],
            };
        if (plan?.Invalid == true)
            return Rejected(acknowledgment, claim, ClaimStatusDetail.ReturnedAsUnprocessable, ClaimStatusCodes277.SubscriberNotFound, "IL",
                $"Subscriber id {memberId} is not a member of payer {payerId}.");
        // The payer's front-end edits before anything is reversed: a rejected replacement leaves the original as it was.
        if (PayerClaimEdits.Check(claim, payer) is { } rejection)
            return Rejected(acknowledgment, claim, rejection.Category, rejection.StatusCode, rejection.EntityCode, rejection.Message);

        Original? original = null;
        if (claim.Frequency is ClaimFrequency.Replacement or ClaimFrequency.Void)
        {
            if (string.IsNullOrWhiteSpace(claim.PayerClaimControlNumber))
                return Rejected(acknowledgment, claim, ClaimStatusDetail.RejectedMissingInformation, ClaimStatusCodes277.MissingOrInvalidInformation, "PR",
                    "A replacement or void (CLM05-3 7 or 8) needs the payer's claim control number in REF F8.");
            // Taken out as it is reversed: a second replacement or void of it (later in this file) finds nothing to reverse.
            if (!originals.Remove((payerId, claim.PayerClaimControlNumber), out original))
                return Rejected(acknowledgment, claim, ClaimStatusDetail.RejectedInvalidInformation, ClaimStatusCodes277.MissingOrInvalidInformation, "PR",
                    $"REF F8 {claim.PayerClaimControlNumber} is not an adjudicated claim of payer {payerId} that can be replaced or voided.");
        }

        var payerClaimNumber = payerClaimNumbers.Dequeue();
        if (original is not null)
        {
            reversed.Add(original.Id);
            // Its services no longer count as paid (duplicates); only members of this file are looked at.
            if (services.ContainsKey((original.PayerId, original.MemberId)))
                foreach (var line in original.Claim.Lines.Where(l => !l.IsDenied))
                    Add(services, (original.PayerId, original.MemberId), (line.ServiceDate, line.ProcedureCode), -1);
            Record(key, payer, original.Claim.Reversal(), isReversal: true);
            plan = members.GetValueOrDefault(key);
        }
        if (claim.Frequency != ClaimFrequency.Void)
        {
            var paid = services.GetValueOrDefault(key);
            var adjudicated = Adjudicator.Adjudicate(claim, payer, plan ?? MemberPlan.Unknown,
                new AdjudicationContext(received, payerClaimNumber, (date, code) => paid?.GetValueOrDefault((date, code)) > 0));
            var id = Record(key, payer, adjudicated, isReversal: false);
            foreach (var line in adjudicated.Lines.Where(l => !l.IsDenied))
            {
                Add(services, key, (line.ServiceDate, line.ProcedureCode), 1);
                servicesAdded.Add(new Service(id, payerId, memberId, line.ServiceDate, line.ProcedureCode));
            }
            originals[(payerId, payerClaimNumber)] = new Original(id, payerId, memberId, adjudicated);
            AfterAdjudication(claim, payer, key, id, adjudicated);
        }

        return acknowledgment with
        {
            Statuses = [new ClaimStatusDetail
            {
                Category = ClaimStatusDetail.AcceptedForAdjudication, StatusCode = ClaimStatusCodes277.AcceptedForProcessing,
                EffectiveDate = received, ActionCode = "WQ", ChargeAmount = claim.TotalCharge,
            }],
            PayerClaimControlNumber = payerClaimNumber,
        };
    }

    /// <summary>What the payer does with a claim after adjudicating it: forwards it (crossover), pays it again, recoups part of it.</summary>
    void AfterAdjudication(Claim837 claim, PayerSettings payer, (string PayerId, string MemberId) key, Guid id, AdjudicatedClaim adjudicated)
    {
        if (adjudicated.Status == ClaimStatusCode.ProcessedAsPrimaryForwarded && payer.CrossoverTo is { } crossover)
        {
            // The crossover payer's 835 for the same CLP01, as secondary; its services count as adjudicated by it (a secondary
            // claim the practice sends anyway is a duplicate, CO-18).
            var secondaryKey = (crossover.PayerId, key.MemberId);
            var secondaryPayer = payers.GetValueOrDefault(crossover.PayerId) ?? PayerSettings.Default;
            var secondary = Adjudicator.Crossover(adjudicated, crossover, secondaryPayer, members.GetValueOrDefault(secondaryKey) ?? MemberPlan.Unknown,
                new AdjudicationContext(received, payerClaimNumbers.Dequeue(), (_, _) => false));
            var secondaryId = Record(secondaryKey, secondaryPayer, secondary, isReversal: false, delaySeconds: payer.EraDelaySeconds + secondaryPayer.EraDelaySeconds);
            foreach (var line in secondary.Lines)
            {
                Add(services, secondaryKey, (line.ServiceDate, line.ProcedureCode), 1);
                servicesAdded.Add(new Service(secondaryId, crossover.PayerId, key.MemberId, line.ServiceDate, line.ProcedureCode));
            }
        }
        if (adjudicated.Paid <= 0) return;
        var codes = claim.Lines.Select(l => l.Procedure.Code).ToList();
        if (payer.PaysTwice(codes))
            // The same CLP again, in a later check: the payer's error, so nothing of the member's plan moves.
            Record(key, payer, adjudicated with { DeductibleApplied = 0 }, isReversal: false, check: LaterCheck, isDuplicate: true);
        if (payer.Recoupment is { } recoupment && recoupment.Applies(codes))
        {
            // X221A1 1.10.2.8: the later check reverses the payment (CLP02 22, same CLP07) and pays the corrected claim, under
            // the same payer claim number; a net below zero is recovered as 1.10.2.17 describes (RemittanceEmitter).
            reversed.Add(id);
            Record(key, payer, adjudicated.Reversal(), isReversal: true, check: LaterCheck);
            var corrected = adjudicated.Recouped(recoupment.PaidPercent);
            var correctedId = Record(key, payer, corrected, isReversal: false, check: LaterCheck);
            foreach (var line in corrected.Lines.Where(l => !l.IsDenied))
                servicesAdded.Add(new Service(correctedId, key.PayerId, key.MemberId, line.ServiceDate, line.ProcedureCode));
            originals[(key.PayerId, adjudicated.PayerClaimNumber)] = new Original(correctedId, key.PayerId, key.MemberId, corrected);
        }
    }

    Guid Record((string PayerId, string MemberId) key, PayerSettings payer, AdjudicatedClaim adjudicated, bool isReversal,
        int check = FirstCheck, bool isDuplicate = false, int? delaySeconds = null)
    {
        var id = Guid.CreateVersion7();
        payments.Add(new Payment(id, key.PayerId, key.MemberId, adjudicated, isReversal, delaySeconds ?? payer.EraDelaySeconds, check, isDuplicate));
        // The member's deductible met moves with what each claim applied (back for a reversal); a member never configured has none.
        if (adjudicated.DeductibleApplied != 0 && members.GetValueOrDefault(key) is { } plan)
        {
            members[key] = plan with { DeductibleMet = Math.Min(plan.Deductible, Math.Max(0, plan.DeductibleMet + adjudicated.DeductibleApplied)) };
            membersChanged.Add(key);
        }
        return id;
    }

    /// <summary>Writes what the run decided: claim payments in adjudication order (the 835 follows it), services, reversals, deductibles.</summary>
    public async Task SaveAsync()
    {
        if (payments.Count > 0)
            await connection.ExecuteAsync(
                """
                INSERT INTO claim_payments (id, file_id, submitter_id, payer_id, member_id, patient_control_number, payer_claim_number, status_code,
                    charge, paid, patient_responsibility, deductible_applied, payment, is_reversal, due_at, check_ordinal, is_duplicate)
                SELECT p.id, @fileId, @submitterId, p.payer_id, p.member_id, p.pcn, p.number, p.status, p.charge, p.paid, p.responsibility, p.deductible,
                       p.payment::jsonb, p.is_reversal, now() + make_interval(secs => p.delay), p.check_ordinal, p.is_duplicate
                FROM unnest(@ids, @payerIds, @memberIds, @pcns, @numbers, @statuses, @charges, @paid, @responsibilities, @deductibles, @bodies, @reversals, @delays,
                            @checks, @duplicates)
                     WITH ORDINALITY AS p(id, payer_id, member_id, pcn, number, status, charge, paid, responsibility, deductible, payment, is_reversal, delay,
                                          check_ordinal, is_duplicate, n)
                ORDER BY p.n
                """, new
                {
                    fileId, submitterId,
                    ids = payments.Select(p => p.Id).ToArray(),
                    payerIds = payments.Select(p => p.PayerId).ToArray(),
                    memberIds = payments.Select(p => p.MemberId).ToArray(),
                    pcns = payments.Select(p => p.Claim.PatientControlNumber).ToArray(),
                    numbers = payments.Select(p => p.Claim.PayerClaimNumber).ToArray(),
                    statuses = payments.Select(p => (int)p.Claim.Status).ToArray(),
                    charges = payments.Select(p => p.Claim.Charge).ToArray(),
                    paid = payments.Select(p => p.Claim.Paid).ToArray(),
                    responsibilities = payments.Select(p => p.Claim.PatientResponsibility).ToArray(),
                    deductibles = payments.Select(p => p.Claim.DeductibleApplied).ToArray(),
                    bodies = payments.Select(p => JsonSerializer.Serialize(p.Claim, SettingsStore.Json)).ToArray(),
                    reversals = payments.Select(p => p.IsReversal).ToArray(),
                    delays = payments.Select(p => (double)p.DelaySeconds).ToArray(),
                    checks = payments.Select(p => p.Check).ToArray(),
                    duplicates = payments.Select(p => p.IsDuplicate).ToArray(),
                }, transaction);
        if (servicesAdded.Count > 0)
            await connection.ExecuteAsync(
                """
                INSERT INTO adjudicated_services (claim_payment_id, payer_id, member_id, service_date, procedure_code)
                SELECT * FROM unnest(@ids, @payerIds, @memberIds, @dates, @codes)
                """, new
                {
                    ids = servicesAdded.Select(s => s.ClaimPaymentId).ToArray(),
                    payerIds = servicesAdded.Select(s => s.PayerId).ToArray(),
                    memberIds = servicesAdded.Select(s => s.MemberId).ToArray(),
                    dates = servicesAdded.Select(s => s.ServiceDate).ToArray(),
                    codes = servicesAdded.Select(s => s.ProcedureCode).ToArray(),
                }, transaction);
        // After the inserts: a claim adjudicated in this run may already be reversed by a later one.
        if (reversed.Count > 0)
            await connection.ExecuteAsync(
                """
                UPDATE claim_payments SET reversed = true WHERE id = ANY(@reversed);
                UPDATE adjudicated_services SET active = false WHERE claim_payment_id = ANY(@reversed);
                """, new { reversed = reversed.ToArray() }, transaction);
        if (membersChanged.Count > 0)
        {
            var changed = membersChanged.ToList();
            await connection.ExecuteAsync(
                """
                UPDATE members m SET deductible_met = v.met, updated_at = now()
                FROM unnest(@payerIds, @memberIds, @mets) AS v(payer_id, member_id, met)
                WHERE m.payer_id = v.payer_id AND m.member_id = v.member_id
                """, new
                {
                    payerIds = changed.Select(k => k.PayerId).ToArray(),
                    memberIds = changed.Select(k => k.MemberId).ToArray(),
                    mets = changed.Select(k => members[k].DeductibleMet).ToArray(),
                }, transaction);
        }
    }

    static void Add(Dictionary<(string, string), Dictionary<(DateOnly, string), int>> services, (string, string) member, (DateOnly, string) service, int count)
    {
        if (!services.TryGetValue(member, out var paid)) services[member] = paid = [];
        paid[service] = paid.GetValueOrDefault(service) + count;
    }

    /// <summary>The settings of a payer of this file's claims (the defaults when never set).</summary>
    public PayerSettings SettingsOf(string payerId) => payers.GetValueOrDefault(payerId) ?? PayerSettings.Default;

    ClaimStatus277 Rejected(ClaimStatus277 acknowledgment, Claim837 claim, string category, string code, string? entity, string message) =>
        acknowledgment with
        {
            Statuses = [new ClaimStatusDetail
            {
                Category = category, StatusCode = code, EntityCode = entity, EffectiveDate = received,
                ActionCode = "U", ChargeAmount = claim.TotalCharge, Message = Printable(message),
            }],
        };

    // STC12 is free text inside the 277CA: it cannot carry the interchange's delimiters.
    static string Printable(string message) => new(message.Select(c => c is '*' or ':' or '^' or '~' or '|' ? ' ' : c).ToArray());

    sealed record ServiceRow
    {
        public string PayerId { get; init; } = "";
        public string MemberId { get; init; } = "";
        public DateOnly ServiceDate { get; init; }
        public string ProcedureCode { get; init; } = "";
    }

    sealed record OriginalRow
    {
        public Guid Id { get; init; }
        public string PayerId { get; init; } = "";
        public string MemberId { get; init; } = "";
        public string PayerClaimNumber { get; init; } = "";
        public string Payment { get; init; } = "";
    }
}

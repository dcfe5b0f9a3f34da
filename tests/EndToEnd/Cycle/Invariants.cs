// Every call here is bounded by the HttpClient timeout or an Eventually deadline.
#pragma warning disable xUnit1051
using System.Net;
using System.Text.Json;
using RevenueCycle.EndToEnd.Platform;
using static RevenueCycle.EndToEnd.Cycle.CycleHarness;

namespace RevenueCycle.EndToEnd.Cycle;

/// <summary>
/// The money invariants across services, checked for a whole tenant after a scenario:
/// <list type="bullet">
/// <item>every claim's ledger in Payments balances — charge = insurance paid + adjustments + patient responsibility +
/// insurance balance, for the claim and each line — and its charge is the charge Claims billed; a claim Claims shows
/// as paid has nothing left with insurance (an overpayment is a credit), a denied one only the denial being worked;</item>
/// <item>every patient's account in PatientBilling is the sum of its entries, and its balance is the patient
/// responsibility Payments posted for the patient's visits — per visit the last payer's (what an earlier payer left
/// moved on to the next), claims replaced by a correction counting through their replacement — less what the patient
/// paid; claim by claim, the account holds exactly that claim's share (nothing for an earlier payer's or a replaced claim).</item>
/// </list>
/// Postings reach PatientBilling by events, so the checks are retried until they hold or time runs out.
/// </summary>
public static class Invariants
{
    static readonly string[] NotYetAtPayments = ["draft", "held", "ready"];
    static readonly string[] ResponsibilityKinds = ["deductible", "coinsurance", "copay", "non-covered", "other"];

    static int Rank(string? responsibility) => responsibility switch { "secondary" => 2, "tertiary" => 3, _ => 1 };

    /// <summary>Asserts both invariants for every claim and patient of the tenant (and <paramref name="patients"/>, who may have no claim).</summary>
    public static async Task AssertAsync(CycleHarness h, params Guid[] patients)
    {
        List<string> problems = [];
        try
        {
            await Eventually.True(async () => (problems = await ProblemsAsync(h, patients)).Count == 0, Patience, "the money invariants to hold");
        }
        catch (Xunit.Sdk.XunitException x)
        {
            throw new Xunit.Sdk.XunitException($"{x.Message}\n  " + string.Join("\n  ", problems));
        }
    }

    static async Task<List<string>> ProblemsAsync(CycleHarness h, Guid[] extraPatients)
    {
        var problems = new List<string>();
        var claims = await h.ClaimsAsync();
        var replaced = claims.Select(c => Str(c, "replacesClaimId")).OfType<string>().Select(Guid.Parse).ToHashSet();
        var ledgers = new Dictionary<Guid, JsonElement>();

        foreach (var claim in claims)
        {
            var id = Id(claim);
            var status = Str(claim, "status");
            var name = $"claim {Str(claim, "patientControlNumber")} ({status}, {Str(claim, "responsibility")}, frequency {claim.GetProperty("frequency").GetInt32()})";
            var response = await h.Client.GetAsync($"/api/payments/claims/{id}/ledger");
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                if (!NotYetAtPayments.Contains(status)) problems.Add($"{name}: Payments has no ledger for it.");
                continue;
            }
            var ledger = await h.Expect(response, HttpStatusCode.OK);
            ledgers[id] = ledger;
            foreach (var totals in ledger.GetProperty("lines").EnumerateArray().Prepend(ledger))
            {
                var (charge, paid, adjustments, patient, balance) =
                    (M(totals, "charge"), M(totals, "insurancePaid"), M(totals, "adjustments"), M(totals, "patientResponsibility"), M(totals, "insuranceBalance"));
                if (charge != paid + adjustments + patient + balance)
                    problems.Add($"{name}{(totals.TryGetProperty("lineNumber", out var n) ? $" line {n}" : "")}: charge {charge} ≠ paid {paid} + adjustments {adjustments} + patient {patient} + insurance balance {balance}.");
            }
            if (M(ledger, "charge") != M(claim, "totalCharge"))
                problems.Add($"{name}: Payments' charge {M(ledger, "charge")} is not the {M(claim, "totalCharge")} Claims billed.");
            var linesCharged = ledger.GetProperty("lines").EnumerateArray().Sum(l => M(l, "charge"));
            if (linesCharged != M(ledger, "charge"))
                problems.Add($"{name}: its lines' charges add up to {linesCharged}, not {M(ledger, "charge")}.");
            // Paid: nothing left with insurance (a payer's overpayment shows as a credit, below zero). Denied: what is left is the
            // denial being worked — it stays in AR until appealed, corrected or written off.
            if (status == "paid" && !replaced.Contains(id) && M(ledger, "insuranceBalance") > 0)
                problems.Add($"{name}: paid, yet {M(ledger, "insuranceBalance")} is still with insurance.");
            if (status == "denied" && !replaced.Contains(id) && M(ledger, "insuranceBalance") != M(ledger, "denied"))
                problems.Add($"{name}: denied, yet its insurance balance {M(ledger, "insuranceBalance")} is not the {M(ledger, "denied")} denied.");
            if (M(ledger, "creditBalance") != Math.Max(0, -M(ledger, "insuranceBalance")))
                problems.Add($"{name}: credit balance {M(ledger, "creditBalance")} is not what the payer overpaid ({-M(ledger, "insuranceBalance")}).");
        }

        // The patient's side: per visit, the last payer's share; per claim, what the account holds for it.
        var patients = claims.Select(c => c.GetProperty("patientId").GetGuid()).Concat(extraPatients).Distinct();
        foreach (var patient in patients)
        {
            var response = await h.Client.GetAsync($"/api/patient-billing/accounts/{patient}");
            if (!response.IsSuccessStatusCode)
            {
                problems.Add($"patient {patient}: PatientBilling answered {(int)response.StatusCode} for the account.");
                continue;
            }
            var account = await h.Expect(response, HttpStatusCode.OK);
            var entries = account.GetProperty("entries").EnumerateArray().ToList();
            var balance = M(account, "balance");
            var sum = entries.Sum(e => M(e, "amount"));
            if (balance != sum) problems.Add($"patient {patient}: balance {balance} is not the sum of the entries {sum}.");

            decimal owed = 0;
            foreach (var visit in claims.Where(c => c.GetProperty("patientId").GetGuid() == patient).GroupBy(c => c.GetProperty("encounterId").GetGuid()))
            {
                var lastRank = visit.Max(c => Rank(Str(c, "responsibility")));
                foreach (var claim in visit)
                {
                    var id = Id(claim);
                    var posted = ledgers.TryGetValue(id, out var l) ? M(l, "patientResponsibility") : 0m;
                    var counts = !replaced.Contains(id) && Rank(Str(claim, "responsibility")) == lastRank;
                    var expected = counts ? posted : 0m;
                    owed += expected;
                    var held = entries.Where(e => ResponsibilityKinds.Contains(Str(e, "kind")) && Str(e, "claimId") == id.ToString()).Sum(e => M(e, "amount"));
                    if (held != expected)
                        problems.Add($"patient {patient}, claim {Str(claim, "patientControlNumber")} ({Str(claim, "responsibility")}{(replaced.Contains(id) ? ", replaced" : "")}): " +
                                     $"the account holds {held} of patient responsibility for it, Payments posted {posted}, expected {expected}.");
                }
            }
            var stray = entries.Where(e => ResponsibilityKinds.Contains(Str(e, "kind")) && !claims.Any(c => Str(e, "claimId") == Id(c).ToString())).ToList();
            if (stray.Count > 0) problems.Add($"patient {patient}: responsibility entries for no claim of the tenant: {string.Join(", ", stray.Select(e => e.GetRawText()))}");
            var paidByPatient = entries.Where(e => !ResponsibilityKinds.Contains(Str(e, "kind"))).Sum(e => M(e, "amount"));
            if (balance != owed + paidByPatient)
                problems.Add($"patient {patient}: balance {balance}, but Payments posted {owed} of patient responsibility (last payer per visit) and the patient's payments and credits come to {paidByPatient}.");
        }
        return problems;
    }
}

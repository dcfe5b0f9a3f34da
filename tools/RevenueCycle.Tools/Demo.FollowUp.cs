using System.Globalization;
using System.Text;
using System.Text.Json;

namespace RevenueCycle.Tools;

/// <summary>
/// The demo leaves the billing office's follow-up work in each queue, made the way it arises in a practice: a payer contract loaded
/// after its remittances posted (underpaid lines), an 835 for a claim this practice never sent (a posting exception), and a bank
/// deposit file with one deposit that matches a remittance and one that matches none.
/// </summary>
public sealed partial class Demo
{
    async Task LeaveFollowUpWorkAsync(Api api, (Guid Id, string PayerId, string Name) ppo, string suffix)
    {
        // The PPO's contract allows more than the 80% of charges it paid: the lines it already paid are judged again against it.
        var contract = await api.Put($"/api/claims/contracts/{ppo.PayerId}", new
        {
            items = new[] { ("99213", 115.00m), ("99214", 160.00m) }
                .Select(i => new { code = i.Item1, modifiers = Array.Empty<string>(), allowed = i.Item2, effectiveFrom = "2025-01-01" }),
        });
        var underpaid = contract.TryGetProperty("rejudged", out var r) ? r.GetProperty("openUnderpayments").GetInt32() : 0;

        // An ERA from the PPO that also pays a claim sent by the practice's previous billing system: no claim here has its number.
        var trace = $"EFT{suffix}77";
        var era = Era835(ppo.Name, trace, $"LEGACY{suffix}", charge: 120.00m, paid: 84.00m);
        var remittance = await api.PostText("/api/remittances", era, "application/edi-x12");

        // The bank's deposits of the day: the ERA's EFT, and a deposit no remittance explains yet.
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var deposits = await api.PostText("/api/payments/deposits",
            $"date,amount,reference,description\n{today},84.00,{trace},HCCLAIMPMT SUMMIT HEALTH\n{today},312.40,BNK{suffix}9,HCCLAIMPMT UNKNOWN PAYER\n",
            "text/csv");
        var matched = deposits.GetProperty("deposits").EnumerateArray().Count(d => d.Str("status") == "matched");
        Step($"Follow-up work made: the PPO contract re-judged its paid lines ({underpaid} underpaid), an ERA paying a claim sent by the old system " +
             $"(remittance {remittance.Str("id")}) and a deposit file ({matched} of 2 deposits matched to a remittance)");
    }

    /// <summary>
    /// Asks each payer about the claims it has not answered with an 835 (X12 276 → 277): a claim Lakeside lost answers "not found"
    /// (A4), a claim Canyon paid without sending its 835 answers "finalized, paid" with the check — both go on the A/R follow-up queue.
    /// </summary>
    async Task FollowUpClaimsWithNoAnswerAsync(Api api, IEnumerable<JsonElement> claims)
    {
        var results = new List<string>();
        foreach (var claim in claims)
        {
            var check = await api.Post($"/api/claims/{claim.Id()}/status-checks");
            results.Add($"{claim.Str("patientControlNumber")} {check.Str("result")} ({check.Str("categoryCode")}:{check.Str("statusCode")}" +
                (check.Str("checkNumber") is { } number ? $", check {number}" : "") + ")");
        }
        Step($"Claim status checks (276/277) for the claims with no 835: {(results.Count == 0 ? "none" : string.Join("; ", results))}");
    }

    /// <summary>
    /// A balanced 835 (X221A1): one claim paid at 70% with the rest a contractual adjustment (CO-45), BPR02 = CLP04, the check's
    /// EFT trace in TRN02 (the CCD+ addenda's TRN, CAQH CORE 370).
    /// </summary>
    static string Era835(string payerName, string trace, string patientControlNumber, decimal charge, decimal paid)
    {
        static string A(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);
        var date = DateTime.UtcNow;
        var dos = date.AddDays(-30).ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var segments = new[]
        {
            $"ST*835*0001*005010X221A1",
            $"BPR*I*{A(paid)}*C*ACH*CCP*01*071000013*DA*1234567*1512345678**01*071000039*DA*7654321*{date:yyyyMMdd}",
            $"TRN*1*{trace}*1512345678",
            $"DTM*405*{date:yyyyMMdd}",
            $"N1*PR*{payerName.ToUpperInvariant()}",
            "N1*PE*RIVERSIDE FAMILY MEDICINE*XX*2123456784",
            "LX*1",
            $"CLP*{patientControlNumber}*1*{A(charge)}*{A(paid)}**12*EXT{trace}*11*1",
            "NM1*QC*1*DOE*JANE",
            $"SVC*HC:99213*{A(charge)}*{A(paid)}**1",
            $"DTM*472*{dos}",
            $"CAS*CO*45*{A(charge - paid)}",
        };
        var control = (int)(date.Ticks % 900_000_000) + 100_000_000;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture,
            $"ISA*00*          *00*          *ZZ*{"SUMMITPPO",-15}*ZZ*{"RIVERSIDEFM",-15}*{date:yyMMdd}*{date:HHmm}*^*00501*{control:D9}*0*P*:~\n");
        text.Append(CultureInfo.InvariantCulture, $"GS*HP*SUMMITPPO*RIVERSIDEFM*{date:yyyyMMdd}*{date:HHmm}*{control}*X*005010X221A1~\n");
        foreach (var s in segments) text.Append(s).Append("~\n");
        text.Append(CultureInfo.InvariantCulture, $"SE*{segments.Length + 1}*0001~\nGE*1*{control}~\nIEA*1*{control:D9}~\n");
        return text.ToString();
    }

    /// <summary>What waits in each of the billing office's queues now (GET /api/work-queues: open, pended and unassigned items per queue).</summary>
    async Task QueuesAsync(Api api)
    {
        output.WriteLine();
        output.WriteLine("Work queues                   open pended unassigned");
        output.WriteLine("-----------------------------------------------------");
        foreach (var queue in (await api.Get("/api/work-queues")).GetProperty("queues").EnumerateArray())
        {
            var name = queue.GetProperty("queue").GetString();
            output.WriteLine(queue.GetProperty("available").GetBoolean()
                ? $"  {name,-26} {queue.GetProperty("open").GetInt32(),5} {queue.GetProperty("pended").GetInt32(),6} {queue.GetProperty("unassigned").GetInt32(),10}"
                : $"  {name,-26} unavailable ({queue.GetProperty("service").GetString()} did not answer)");
        }
    }
}

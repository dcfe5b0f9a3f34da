using System.Text.Json;
using Dapper;
using Npgsql;
using RevenueCycle.Payments.Remittances;

namespace RevenueCycle.Payments.Posting;

/// <summary>
/// Posts the CLPs of one transaction set in chunks, in file order. A chunk's CLPs are matched by CLP01 in one query; a run of
/// matched CLPs, each to a claim not already in the run, is posted set-based (<see cref="BulkClaimPosting"/>); any other CLP
/// (a reversal, CLP02 23, one CLP01 does not match, or a second CLP for a claim of the run) first has the run posted, then is
/// posted one by one (<see cref="RemittanceImporter.PostClaimAsync"/>). So every claim sees its CLPs in the order the payer sent
/// them — a reversal and its corrected claim (X221A1 1.10.2.8) post as they always did — while a check for 50,000 claims takes
/// a few statements per thousand.
/// </summary>
public sealed class RemittancePosting(NpgsqlConnection connection, NpgsqlTransaction tx, Guid tenant, RemittanceHeader header, DateTimeOffset now)
{
    public const int ChunkSize = 2_000;
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    readonly List<(RemittanceClaimRow Row, KnownClaim Claim)> run = [];
    readonly HashSet<Guid> claimsInRun = [];
    int seq;

    /// <summary>What each claim was paid net by this remittance (posted CLPs only): the provider-level posting needs it.</summary>
    public Dictionary<Guid, decimal> NetPaid { get; } = [];

    public int ClaimCount => seq;

    public async Task PostAsync(IEnumerable<RemittanceClaim> claims)
    {
        foreach (var chunk in claims.Chunk(ChunkSize))
            await PostChunkAsync(chunk);
    }

    async Task PostChunkAsync(RemittanceClaim[] chunk)
    {
        var forBulk = chunk.Where(IsForBulk).ToList();
        var matched = await BulkClaimPosting.MatchByPatientControlNumberAsync(connection, tx, tenant, forBulk);
        var byClp = new Dictionary<RemittanceClaim, KnownClaim?>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < forBulk.Count; i++) byClp[forBulk[i]] = matched[i];

        foreach (var clp in chunk)
        {
            var row = new RemittanceClaimRow(Guid.CreateVersion7(), ++seq, clp);
            if (byClp.GetValueOrDefault(clp) is { } claim)
            {
                if (!claimsInRun.Add(claim.ClaimId))
                {
                    await FlushAsync();
                    claimsInRun.Add(claim.ClaimId);
                }
                run.Add((row, claim));
                continue;
            }
            await FlushAsync();
            await PostOneAsync(row);
        }
        await FlushAsync();
    }

    /// <summary>Processed claims (CLP02 1–4, 19–21): a reversal needs the posting it reverses, CLP02 23 no claim at all.</summary>
    static bool IsForBulk(RemittanceClaim clp) => ClaimStatus.IsPosted(clp.StatusCode);

    async Task FlushAsync()
    {
        if (run.Count == 0) return;
        var outcomes = await BulkClaimPosting.PostAsync(connection, tx, tenant, header, run, now);
        for (var i = 0; i < run.Count; i++)
            Count(run[i].Row.Claim, outcomes[i]);
        run.Clear();
        claimsInRun.Clear();
    }

    async Task PostOneAsync(RemittanceClaimRow row)
    {
        var claim = row.Claim;
        await connection.ExecuteAsync(
            """
            INSERT INTO remittance_claims (id, tenant_id, remittance_id, seq, patient_control_number, payer_claim_number, status_code, charge, paid,
                                           patient_responsibility, detail)
            VALUES (@Id, @Tenant, @Remittance, @Seq, @Pcn, @PayerClaimNumber, @Status, @Charge, @Paid, @PatientResponsibility, @Detail::jsonb)
            """,
            new
            {
                row.Id, Tenant = tenant, Remittance = header.RemittanceId, row.Seq, Pcn = claim.PatientControlNumber, claim.PayerClaimNumber,
                Status = claim.StatusCode, claim.Charge, claim.Paid, claim.PatientResponsibility, Detail = JsonSerializer.Serialize(claim, Json),
            }, tx);
        Count(claim, await RemittanceImporter.PostClaimAsync(connection, tx, tenant, header, row.Id, claim, null));
    }

    void Count(RemittanceClaim clp, PostingOutcome outcome)
    {
        if (outcome is { ExceptionReason: null, ClaimId: { } posted })
            NetPaid[posted] = NetPaid.GetValueOrDefault(posted) + clp.Paid;
    }
}

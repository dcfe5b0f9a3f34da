using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RevenueCycle.EndToEnd.Payments;
using RevenueCycle.Payments.Posting;
using RevenueCycle.Payments.Remittances;

namespace RevenueCycle.Payments.Tests;

/// <summary>
/// One transaction set (one check) for more claims than a chunk (<see cref="RemittancePosting.ChunkSize"/>) posted with the importer
/// an upload and a mailbox collection use, against a real database: all of it or nothing of it, each claim's CLPs in file order.
/// </summary>
public sealed class Posting_an_835_in_chunks : IAsyncLifetime
{
    readonly PaymentsDatabase db = new();
    readonly Guid tenant = Guid.CreateVersion7();
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => db.InitializeAsync();
    public ValueTask DisposeAsync() => db.DisposeAsync();

    static string Pcn(int n) => $"PCN{n:000000}";

    // Balanced as X221A1 requires: SVC02 − SVC03 = Σ line CAS, CLP03 − CLP04 = Σ CAS.
    static Clp Paid(string pcn, decimal paid = 80m) => new(pcn, 1, 100m, paid, [new Svc("99213", 100m, paid, [new Cas("CO", "45", 100m - paid)])]);

    static Clp Reversal(string pcn, decimal paid = 80m) => new(pcn, 22, -100m, -paid, [new Svc("99213", -100m, -paid, [new Cas("CO", "45", -(100m - paid))])]);

    static MemoryStream Body(string x12) => new(System.Text.Encoding.ASCII.GetBytes(x12));

    [Fact]
    public async Task A_transaction_set_larger_than_a_chunk_posts_every_claim_once()
    {
        var count = RemittancePosting.ChunkSize + 500;
        await db.SubmitAsync(tenant, [.. Enumerable.Range(1, count).Select(Pcn)], 100m);

        var result = await db.Importer().ImportAsync(tenant, Body(Era.Build("ACMEHEALTH", 1, "CHK1", [.. Enumerable.Range(1, count).Select(n => Paid(Pcn(n)))])),
            RemittanceSources.Upload, null, Ct);

        Assert.Equal(ImportStatus.Posted, result.Status);
        Assert.Equal(count, await db.ScalarAsync<long>("SELECT count(DISTINCT claim_id) FROM postings"));
        Assert.Equal(count, await db.ScalarAsync<long>("SELECT count(*) FROM postings"));
        Assert.Equal(count, await db.ScalarAsync<int>("SELECT claim_count FROM remittances"));
        Assert.Equal(count * 80m, await db.ScalarAsync<decimal>("SELECT sum(amount) FROM ledger_entries WHERE bucket = 'insurance-paid'"));
        Assert.Equal(count, await db.ScalarAsync<long>("SELECT count(*) FROM outbox WHERE message_type LIKE '%ClaimPaymentPosted'"));
        Assert.Equal("posted", await db.ScalarAsync<string>("SELECT status FROM remittance_files"));
    }

    [Fact]
    public async Task A_bad_CLP_in_a_later_chunk_posts_nothing_of_the_transaction_set_and_the_file_names_the_segment()
    {
        var count = RemittancePosting.ChunkSize + 500;
        await db.SubmitAsync(tenant, [.. Enumerable.Range(1, count).Select(Pcn)], 100m);
        var bad = RemittancePosting.ChunkSize + 300;
        // X221A1 SVC balancing: charge 100 − paid 80 is 20, but the line's CAS explain only 10.
        var clps = Enumerable.Range(1, count).Select(n => n == bad
            ? new Clp(Pcn(n), 1, 100m, 80m, [new Svc("99213", 100m, 80m, [new Cas("CO", "45", 10m)])], [new Cas("CO", "45", 10m)])
            : Paid(Pcn(n))).ToList();

        var result = await db.Importer().ImportAsync(tenant, Body(Era.Build("ACMEHEALTH", 2, "CHK2", clps)), RemittanceSources.Upload, null, Ct);

        Assert.Equal(ImportStatus.Rejected, result.Status);
        Assert.Equal("SVC", result.Error!.SegmentId);
        // Each CLP of this file is CLP, SVC, DTM, CAS: the fault is past the first chunk's segments.
        Assert.True(result.Error.SegmentPosition > RemittancePosting.ChunkSize * 4, $"segment {result.Error.SegmentPosition}");
        Assert.Equal(0, await db.ScalarAsync<long>("SELECT count(*) FROM postings"));
        Assert.Equal(0, await db.ScalarAsync<long>("SELECT count(*) FROM remittances"));
        Assert.Equal(0, await db.ScalarAsync<long>("SELECT count(*) FROM ledger_entries WHERE kind <> 'charge'"));
        Assert.Equal(0, await db.ScalarAsync<long>("SELECT count(*) FROM outbox"));
        var file = Assert.Single(await db.QueryAsync<(string Status, string Segment, long Position)>(
            "SELECT status, error_segment, error_segment_position FROM remittance_files"));
        Assert.Equal(("rejected", "SVC", result.Error.SegmentPosition), file);
    }

    [Fact]
    public async Task A_claim_paid_reversed_and_paid_again_in_one_transaction_set_posts_in_file_order()
    {
        var ids = await db.SubmitAsync(tenant, [.. Enumerable.Range(1, 6).Select(Pcn)], 100m);
        // X221A1 1.10.2.8: the reversal (CLP02 22) takes the earlier payment back whole; the corrected claim that follows posts anew.
        Clp[] clps = [Paid(Pcn(1)), Paid(Pcn(2)), Paid(Pcn(3)), Reversal(Pcn(1)), Paid(Pcn(4)), Paid(Pcn(1), 70m), Paid(Pcn(5))];

        var result = await db.Importer().ImportAsync(tenant, Body(Era.Build("ACMEHEALTH", 3, "CHK3", clps)), RemittanceSources.Upload, null, Ct);

        Assert.Equal(ImportStatus.Posted, result.Status);
        var postings = await db.QueryAsync<(int Seq, int Status, string Kind, bool Reverses)>(
            """
            SELECT rc.seq, p.status_code, p.kind, p.reverses_posting_id IS NOT NULL FROM postings p JOIN remittance_claims rc ON rc.id = p.remittance_claim_id
            WHERE p.claim_id = @Claim ORDER BY rc.seq
            """, new { Claim = ids[Pcn(1)] });
        Assert.Equal([(1, 1, "adjudication", false), (4, 22, "adjudication", true), (6, 1, "adjudication", false)], postings);
        Assert.Equal(70m, await db.ScalarAsync<decimal>("SELECT sum(amount) FROM ledger_entries WHERE claim_id = @Claim AND bucket = 'insurance-paid'",
            new { Claim = ids[Pcn(1)] }));
        Assert.Equal(100m, await db.ScalarAsync<decimal>("SELECT sum(amount) FROM ledger_entries WHERE claim_id = @Claim AND bucket <> 'charge'",
            new { Claim = ids[Pcn(1)] }));
        Assert.Equal(6, await db.ScalarAsync<long>("SELECT count(*) FROM postings WHERE kind = 'adjudication' AND reverses_posting_id IS NULL"));
    }

    [Fact]
    public async Task A_claim_paid_twice_in_one_transaction_set_is_an_overpayment_the_second_time()
    {
        var ids = await db.SubmitAsync(tenant, [.. Enumerable.Range(1, 3).Select(Pcn)], 100m);

        var result = await db.Importer().ImportAsync(tenant, Body(Era.Build("ACMEHEALTH", 4, "CHK4", [Paid(Pcn(1)), Paid(Pcn(2)), Paid(Pcn(1)), Paid(Pcn(3))])),
            RemittanceSources.Upload, null, Ct);

        Assert.Equal(ImportStatus.Posted, result.Status);
        Assert.Equal(["adjudication", "overpayment"], await db.QueryAsync<string>(
            "SELECT p.kind FROM postings p JOIN remittance_claims rc ON rc.id = p.remittance_claim_id WHERE p.claim_id = @Claim ORDER BY rc.seq",
            new { Claim = ids[Pcn(1)] }));
        Assert.Equal(1, await db.ScalarAsync<long>("SELECT count(*) FROM outbox WHERE message_type LIKE '%InsuranceOverpaymentPosted'"));
    }

    [Fact]
    public async Task A_CLP_no_claim_matches_is_an_exception_between_posted_claims()
    {
        await db.SubmitAsync(tenant, [Pcn(1), Pcn(3)], 100m);

        var result = await db.Importer().ImportAsync(tenant, Body(Era.Build("ACMEHEALTH", 5, "CHK5", [Paid(Pcn(1)), Paid(Pcn(2)), Paid(Pcn(3))])),
            RemittanceSources.Upload, null, Ct);

        Assert.Equal(ImportStatus.Posted, result.Status);
        Assert.Equal(2, await db.ScalarAsync<long>("SELECT count(*) FROM postings"));
        Assert.Equal([(2, ExceptionReasons.Unmatched)], await db.QueryAsync<(int, string)>(
            "SELECT rc.seq, e.reason FROM posting_exceptions e JOIN remittance_claims rc ON rc.id = e.remittance_claim_id"));
    }

    [Fact]
    public async Task A_file_left_received_by_a_crash_is_posted_once_when_the_service_starts_again()
    {
        await db.SubmitAsync(tenant, [Pcn(1), Pcn(2)], 100m);
        var importer = db.Importer();
        // What an upload answered 202 leaves committed before the process stopped: the file, received, nothing posted.
        await using var spool = await RemittanceImporter.SpoolAsync(Body(Era.Build("ACMEHEALTH", 6, "CHK6", [Paid(Pcn(1)), Paid(Pcn(2))])), Ct);
        var fileId = await importer.ReceiveAsync(tenant, spool, RemittanceSources.Upload, null, Ct);
        Assert.Equal("received", await db.ScalarAsync<string>("SELECT status FROM remittance_files WHERE id = @Id", new { Id = fileId }));

        var restarted = new RemittancePostingService(db.DataSource, db.Importer(), Options.Create(new RemittancePostingOptions()), TimeProvider.System,
            NullLogger<RemittancePostingService>.Instance);
        Assert.Equal(1, await restarted.ResumeUnfinishedAsync(TimeSpan.Zero, Ct));
        Assert.Equal(0, await restarted.ResumeUnfinishedAsync(TimeSpan.Zero, Ct));
        var again = await importer.PostFileAsync(tenant, fileId, null, wait: true, Ct);

        Assert.Equal(ImportStatus.Posted, again!.Status);
        Assert.Equal("posted", await db.ScalarAsync<string>("SELECT status FROM remittance_files WHERE id = @Id", new { Id = fileId }));
        Assert.Equal(2, await db.ScalarAsync<long>("SELECT count(*) FROM postings"));
        Assert.Equal(1, await db.ScalarAsync<long>("SELECT count(*) FROM remittances"));
    }

    [Fact]
    public async Task A_file_a_crash_left_posting_is_posted_again_from_its_stored_copy()
    {
        await db.SubmitAsync(tenant, [Pcn(1)], 100m);
        await using var spool = await RemittanceImporter.SpoolAsync(Body(Era.Build("ACMEHEALTH", 7, "CHK7", [Paid(Pcn(1))])), Ct);
        var fileId = await db.Importer().ReceiveAsync(tenant, spool, RemittanceSources.Upload, null, Ct);
        // The posting transaction died with the process: the status says posting, nothing of it was committed.
        await db.ScalarAsync<int>("UPDATE remittance_files SET status = 'posting' WHERE id = @Id RETURNING 1", new { Id = fileId });

        var restarted = new RemittancePostingService(db.DataSource, db.Importer(), Options.Create(new RemittancePostingOptions()), TimeProvider.System,
            NullLogger<RemittancePostingService>.Instance);

        Assert.Equal(1, await restarted.ResumeUnfinishedAsync(TimeSpan.Zero, Ct));
        Assert.Equal("posted", await db.ScalarAsync<string>("SELECT status FROM remittance_files WHERE id = @Id", new { Id = fileId }));
        Assert.Equal(1, await db.ScalarAsync<long>("SELECT count(*) FROM postings"));
    }
}

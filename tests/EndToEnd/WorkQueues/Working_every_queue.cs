// Every call here is bounded by the HttpClient timeout or an Eventually deadline.
#pragma warning disable xUnit1051
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using RevenueCycle.Contracts.Payments;
using RevenueCycle.EndToEnd.Claims;
using RevenueCycle.EndToEnd.Coding;
using RevenueCycle.EndToEnd.Payments;
using RevenueCycle.EndToEnd.Platform;
using static RevenueCycle.EndToEnd.WorkQueues.QueueWorker;

namespace RevenueCycle.EndToEnd.WorkQueues;

/// <summary>
/// Issue 17's work-queue mechanics on each queue, through the gateway: an item assigned (the list by assignee shows it, unassigned does
/// not), commented (author and time, in order), pended until a date (hidden until then unless asked for) and unpended, the counts of
/// GET /api/work-queues following each change; another practice's item and an unknown id are 404, bad input names its field.
/// </summary>
public sealed class Working_every_queue(PlatformFixture platform)
{
    static Guid Id(JsonElement e) => e.GetProperty("id").GetGuid();

    static Clp Unknown(string pcn) =>
        new(pcn, 1, 100m, 70m, [new Svc("99213", 100m, 70m, [new Cas("CO", "45", 20m), new Cas("PR", "3", 10m)])], PayerClaimNumber: "NOSUCH");

    static async Task<List<Guid>> UnmatchedDepositsAsync(PaymentsDriver payments)
    {
        var csv = $"date,amount,reference\n2026-12-04,70.00,EFT{Guid.NewGuid():N}\n2026-12-04,81.25,EFT{Guid.NewGuid():N}\n";
        await Json(await payments.Client.PostAsync("/api/payments/deposits", new StringContent(csv, Encoding.ASCII, "text/csv")), HttpStatusCode.Created);
        return [.. (await payments.GetAsync("/api/payments/deposits/unmatched")).GetProperty("items").EnumerateArray().Select(Id)];
    }

    static async Task<List<Guid>> PostingExceptionsAsync(PaymentsDriver payments)
    {
        var (a, b) = (PaymentsDriver.Pcn(), PaymentsDriver.Pcn());
        await payments.PostAcceptedAsync(Era.Build(payments.Sender, PaymentsDriver.NextControlNumber(), "CHK" + a, [Unknown(a), Unknown(b)]));
        return await Eventually.Get(async () => (await payments.ExceptionsAsync()) is { Count: 2 } open ? open.Select(Id).ToList() : null,
            TimeSpan.FromSeconds(20), "two posting exceptions");
    }

    [Fact]
    public async Task An_unmatched_deposit_is_assigned_commented_pended_and_counted_and_another_practices_is_404()
    {
        await using var payments = await PaymentsDriver.StartAsync(platform);
        await using var stranger = await PaymentsDriver.StartAsync(platform);
        var items = await UnmatchedDepositsAsync(payments);
        var others = await UnmatchedDepositsAsync(stranger);
        var worker = new QueueWorker(payments.Client, "unmatched-deposits", "/api/payments/deposits/unmatched", Id);

        await worker.RefusesAsync(others[0], items[0]);
        await worker.WorkOneItemAsync(items[0], items.Count, payments.Tenant.ApiKeyId);
    }

    [Fact]
    public async Task A_posting_exception_is_assigned_commented_pended_and_counted_and_another_practices_is_404()
    {
        await using var payments = await PaymentsDriver.StartAsync(platform);
        await using var stranger = await PaymentsDriver.StartAsync(platform);
        var items = await PostingExceptionsAsync(payments);
        var others = await PostingExceptionsAsync(stranger);
        var worker = new QueueWorker(payments.Client, "posting-exceptions", "/api/payments/exceptions", Id);

        await worker.RefusesAsync(others[0], items[0]);
        await worker.WorkOneItemAsync(items[1], items.Count, payments.Tenant.ApiKeyId);

        // Sorted by the CLP's charge, one to a page: the cursor carries the sort and pages through both, largest first.
        var first = await Json(await payments.Client.GetAsync("/api/payments/exceptions?sort=-amount&limit=1&includePended=true"), HttpStatusCode.OK);
        var next = await Json(await payments.Client.GetAsync(
            $"/api/payments/exceptions?sort=-amount&limit=1&includePended=true&cursor={Uri.EscapeDataString(first.GetProperty("nextCursor").GetString()!)}"), HttpStatusCode.OK);
        var sorted = first.GetProperty("items").EnumerateArray().Concat(next.GetProperty("items").EnumerateArray()).ToList();
        Assert.Equal(items.Order(), sorted.Select(Id).Order());
        Assert.True(sorted[0].GetProperty("charge").GetDecimal() >= sorted[1].GetProperty("charge").GetDecimal());
        var wrongSort = await Json(await payments.Client.GetAsync(
            $"/api/payments/exceptions?sort=amount&cursor={Uri.EscapeDataString(first.GetProperty("nextCursor").GetString()!)}"), HttpStatusCode.BadRequest);
        Assert.True(wrongSort.GetProperty("errors").TryGetProperty("cursor", out _));

        // Resolved, the exception leaves the queue: no more changes, its notes and history still readable.
        var resolved = await payments.Client.PostAsJsonAsync($"/api/payments/exceptions/{items[1]}/resolve", new { action = "dismiss", reason = "Another practice's patient" });
        await Json(resolved, HttpStatusCode.OK);
        await Json(await worker.AssignAsync(items[1], "user-1"), HttpStatusCode.NotFound);
        Assert.Equal(2, (await Json(await payments.Client.GetAsync($"{worker.Item(items[1])}/comments"), HttpStatusCode.OK)).GetProperty("items").GetArrayLength());
        Assert.Equal(1, Count(await worker.CountsAsync(), "open"));
    }

    static Clp PaidClp(string pcn, string payerClaimNumber) =>
        new(pcn, 1, 100m, 70m, [new Svc("99213", 100m, 70m, [new Cas("CO", "45", 20m), new Cas("PR", "2", 10m)])], PayerClaimNumber: payerClaimNumber);

    /// <summary>A claim paid twice under two traces: an insurance credit balance, whose item id is the claim's.</summary>
    static async Task<Guid> CreditBalanceAsync(PaymentsDriver payments)
    {
        var pcn = PaymentsDriver.Pcn();
        var claim = await payments.SubmitClaimAsync(pcn, [("99213", 100m, [])]);
        await payments.PostAcceptedAsync(Era.Build(payments.Sender, PaymentsDriver.NextControlNumber(), "CHK1" + pcn, [PaidClp(pcn, "ICN-1")]));
        await payments.PostAcceptedAsync(Era.Build(payments.Sender, PaymentsDriver.NextControlNumber(), "CHK2" + pcn, [PaidClp(pcn, "ICN-1B")]));
        await Eventually.True(async () => (await payments.CreditBalancesAsync()).Any(c => c.GetProperty("claimId").GetGuid() == claim.ClaimId),
            TimeSpan.FromSeconds(20), "the claim's credit balance");
        return claim.ClaimId;
    }

    [Fact]
    public async Task A_credit_balance_is_assigned_commented_pended_and_counted_and_another_practices_is_404()
    {
        await using var payments = await PaymentsDriver.StartAsync(platform);
        await using var stranger = await PaymentsDriver.StartAsync(platform);
        var item = await CreditBalanceAsync(payments);
        var theirs = await CreditBalanceAsync(stranger);
        var worker = new QueueWorker(payments.Client, "credit-balances", "/api/payments/credit-balances", e => e.GetProperty("claimId").GetGuid());

        await worker.RefusesAsync(theirs, item);
        await worker.WorkOneItemAsync(item, 1, payments.Tenant.ApiKeyId);

        // Sorted by the credit, largest first, or by date of service; a sort it does not know is named.
        foreach (var sort in new[] { "-amount", "dateOfService", "since" })
            Assert.Equal(item, (await Json(await payments.Client.GetAsync($"/api/payments/credit-balances?sort={sort}&includePended=true"), HttpStatusCode.OK))
                .GetProperty("items").EnumerateArray().Select(e => e.GetProperty("claimId").GetGuid()).Single());
        var bad = await Json(await payments.Client.GetAsync("/api/payments/credit-balances?sort=payer"), HttpStatusCode.BadRequest);
        Assert.True(bad.GetProperty("errors").TryGetProperty("sort", out _));
    }

    [Fact]
    public async Task An_underpaid_line_is_assigned_commented_pended_and_counted_and_another_practices_is_404()
    {
        await using var desk = await ClaimsDesk.ForNewTenantAsync(platform);
        await using var other = await ClaimsDesk.ForNewTenantAsync(platform);
        var item = await UnderpaymentAsync(desk);
        var theirs = await UnderpaymentAsync(other);
        var worker = new QueueWorker(desk.Client, "underpayments", "/api/claims/underpayments", Id);

        await worker.RefusesAsync(theirs, item);
        await worker.WorkOneItemAsync(item, 1, desk.ApiKeyId);
    }

    /// <summary>A line the payer allowed $50 for under a contract of $80: an underpayment of $30.</summary>
    static async Task<Guid> UnderpaymentAsync(ClaimsDesk desk)
    {
        await desk.SetFeesAsync(("99213", 100m));
        var payer = ClaimsDesk.Payer("manual");
        await Json(await desk.Client.PutAsJsonAsync($"/api/claims/contracts/{payer.PayerId}",
            new { items = new[] { new { code = "99213", modifiers = Array.Empty<string>(), allowed = 80m, effectiveFrom = "2020-01-01" } } }), HttpStatusCode.OK);
        var coded = desk.Encounter([ClaimsDesk.Coverage(payer)], "99213");
        await desk.PublishAsync(coded);
        var claim = await desk.ClaimForEncounterAsync(coded.EncounterId);
        await desk.ClaimInStatusAsync(Id(claim), "submitted", TimeSpan.FromSeconds(30));
        var pcn = claim.GetProperty("patientControlNumber").GetString()!;
        await desk.PublishAsync(new ClaimPaymentPosted(desk.TenantId, Guid.CreateVersion7(), Guid.CreateVersion7(), Id(claim), Guid.Empty, pcn, "ICN-" + pcn, "1",
            payer.PayerId, "Acme Health", Today.AddDays(-2), null, 100m, 50m, [new PostedAdjustment("CO", "45", 50m, 1)], new PatientResponsibility(0, 0, 0, 0, 0), 0m,
            false, [new PostedLine(1, "99213", [], null, 100m, 50m, 0m, [])], [], DateTimeOffset.UtcNow));
        var underpaid = await Eventually.Get(async () =>
            (await Json(await desk.Client.GetAsync("/api/claims/underpayments"), HttpStatusCode.OK)).GetProperty("items").EnumerateArray()
                .Select(i => (JsonElement?)i).FirstOrDefault(i => i!.Value.GetProperty("claimId").GetGuid() == Id(claim)) is { } found ? (object)found : null,
            TimeSpan.FromSeconds(30), "the underpaid line");
        var line = (JsonElement)underpaid;
        Assert.Equal(30m, line.GetProperty("variance").GetDecimal());
        return Id(line);
    }

    /// <summary>A claim the payer rejected in its 277CA (A7) after receiving it (A1); the payer's 835 held back an hour so it stays rejected.</summary>
    async Task<Guid> RejectedClaimAsync(ClaimsDesk desk)
    {
        using var simulator = platform.SimulatorOperator();
        var payer = ClaimsDesk.Payer();
        await Json(await simulator.PutAsJsonAsync($"/simulator/payers/{payer.PayerId}", new { eraDelaySeconds = 3600 }), HttpStatusCode.OK);
        await desk.SetFeesAsync(("99213", 120m));
        var coded = desk.Encounter([ClaimsDesk.Coverage(payer)], "99213");
        await desk.PublishAsync(coded);
        var claim = await desk.ClaimForEncounterAsync(coded.EncounterId);
        await desk.ClaimThroughAsync(Id(claim), "submitted", TimeSpan.FromSeconds(60));
        var pcn = claim.GetProperty("patientControlNumber").GetString()!;
        var submitter = RevenueCycle.Contracts.Clearinghouse.SubmitterIds.For(desk.TenantId);
        await Acknowledgements_as_clearinghouses_send_them.DeliverAsync(simulator, submitter, "277CA",
            Acknowledgements_as_clearinghouses_send_them.Payer277(submitter, payer.PayerId, pcn, "A1:20:PR"));
        await Eventually.True(async () => (await desk.Client.GetFromJsonAsync<JsonElement>($"/api/claims/{Id(claim)}")).GetProperty("history").EnumerateArray()
            .Any(h => h.GetProperty("detail").GetString()?.StartsWith("277CA A1", StringComparison.Ordinal) == true), TimeSpan.FromSeconds(30), "the A1 recorded");
        await Acknowledgements_as_clearinghouses_send_them.DeliverAsync(simulator, submitter, "277CA",
            Acknowledgements_as_clearinghouses_send_them.Payer277(submitter, payer.PayerId, pcn, "A7:562:85"));
        await desk.ClaimInStatusAsync(Id(claim), "rejected", TimeSpan.FromSeconds(30));
        return Id(claim);
    }

    [Fact]
    public async Task A_rejected_claim_is_assigned_commented_pended_and_counted_and_another_practices_is_404()
    {
        await using var desk = await ClaimsDesk.ForNewTenantAsync(platform);
        await using var other = await ClaimsDesk.ForNewTenantAsync(platform);
        var item = await RejectedClaimAsync(desk);
        var theirs = await RejectedClaimAsync(other);
        var worker = new QueueWorker(desk.Client, "rejected-claims", "/api/claims?status=rejected", Id);

        await worker.RefusesAsync(theirs, item);
        await worker.WorkOneItemAsync(item, 1, desk.ApiKeyId);
    }

    /// <summary>A 999 that cannot be read (IK5 and AK9 codes outside X231A1's list), kept as an acknowledgement exception.</summary>
    async Task<Guid> UnreadableAcknowledgementAsync(ClaimsDesk desk)
    {
        using var simulator = platform.SimulatorOperator();
        await desk.SetFeesAsync(("99213", 120m));
        var coded = desk.Encounter([ClaimsDesk.Coverage(ClaimsDesk.Payer())], "99213");
        await desk.PublishAsync(coded);
        await desk.ClaimThroughAsync(Id(await desk.ClaimForEncounterAsync(coded.EncounterId)), "submitted", TimeSpan.FromSeconds(60));
        var submitter = RevenueCycle.Contracts.Clearinghouse.SubmitterIds.For(desk.TenantId);
        var today = DateTime.UtcNow.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
        var broken =
            $"ISA*00*          *00*          *ZZ*{"CLEARINGHOUSE",-15}*ZZ*{submitter,-15}*{DateTime.UtcNow:yyMMdd}*1530*^*00501*000000778*0*P*:~\n" +
            $"GS*FA*CLEARINGHOUSE*{submitter}*{today}*1530*778*X*005010X231A1~\n" +
            "ST*999*0001*005010X231A1~\nAK1*HC*1*005010X222A1~\nAK2*837*0001*005010X222A1~\nIK5*Z~\nAK9*Z*1*1*0~\nSE*6*0001~\n" +
            "GE*1*778~\nIEA*1*000000778~\n";
        await Acknowledgements_as_clearinghouses_send_them.DeliverAsync(simulator, submitter, "999", broken);
        return await Eventually.Get(async () =>
            (await desk.Client.GetFromJsonAsync<JsonElement>("/api/claims/acknowledgements/exceptions")).GetProperty("items").EnumerateArray()
                .Select(e => (object)Id(e)).FirstOrDefault(), TimeSpan.FromSeconds(30), "the unreadable 999 kept").ContinueWith(t => (Guid)t.Result);
    }

    [Fact]
    public async Task An_unreadable_acknowledgement_is_assigned_commented_pended_and_counted_and_another_practices_is_404()
    {
        await using var desk = await ClaimsDesk.ForNewTenantAsync(platform);
        await using var other = await ClaimsDesk.ForNewTenantAsync(platform);
        var item = await UnreadableAcknowledgementAsync(desk);
        var theirs = await UnreadableAcknowledgementAsync(other);
        var worker = new QueueWorker(desk.Client, "acknowledgement-exceptions", "/api/claims/acknowledgements/exceptions", Id);

        await worker.RefusesAsync(theirs, item);
        await worker.WorkOneItemAsync(item, 1, desk.ApiKeyId);
    }

    [Fact]
    public async Task An_encounter_on_the_coding_worklist_is_assigned_commented_pended_and_counted_and_another_practices_is_404()
    {
        var tenant = await platform.NewTenantAsync();
        var other = await platform.NewTenantAsync();
        using var client = platform.Client(tenant.ApiKey);
        using var strangerClient = platform.Client(other.ApiKey);
        var mine = await CodingDesk.WithCompletedEncounterAsync(client);
        var theirs = await CodingDesk.WithCompletedEncounterAsync(strangerClient);
        var worker = new QueueWorker(client, "coding", "/api/coding/worklist", e => e.GetProperty("encounterId").GetGuid());

        await worker.RefusesAsync(theirs.EncounterId, mine.EncounterId);
        await worker.WorkOneItemAsync(mine.EncounterId, 1, tenant.ApiKeyId);
        foreach (var sort in new[] { "-dateOfService", "received" })
            Assert.Contains(mine.EncounterId, (await Json(await client.GetAsync($"/api/coding/worklist?sort={sort}&includePended=true"), HttpStatusCode.OK))
                .GetProperty("items").EnumerateArray().Select(e => e.GetProperty("encounterId").GetGuid()));
        var badSort = await Json(await client.GetAsync("/api/coding/worklist?sort=patient"), HttpStatusCode.BadRequest);
        Assert.True(badSort.GetProperty("errors").TryGetProperty("sort", out _));

        // A coder's key may work the coding queue; a coder may not assign a claim (the claims queues are the billing office's).
        var coderKey = await KeyAsync(tenant.TenantId, RevenueCycle.ServiceDefaults.Auth.Roles.Coder);
        using var coder = platform.Client(coderKey);
        await Json(await coder.PutAsJsonAsync($"{worker.Item(mine.EncounterId)}/assignment", new { assignee = "coder-1" }), HttpStatusCode.OK);
        await Json(await coder.PutAsJsonAsync($"/api/work-queues/held-claims/items/{Guid.NewGuid()}/assignment", new { assignee = "coder-1" }), HttpStatusCode.Forbidden);
    }

    async Task<string> KeyAsync(Guid tenantId, string role)
    {
        using var admin = platform.Admin();
        var created = await Json(await admin.PostAsJsonAsync($"/api/admin/tenants/{tenantId}/api-keys", new { name = role, roles = new[] { role } }), HttpStatusCode.Created);
        return created.GetProperty("apiKey").GetString()!;
    }

    [Fact]
    public async Task A_held_claim_is_assigned_commented_pended_and_counted_and_another_practices_is_404()
    {
        await using var desk = await ClaimsDesk.ForNewTenantAsync(platform);
        await using var other = await ClaimsDesk.ForNewTenantAsync(platform);
        var claim = await HeldClaimAsync(desk, 180, 10);
        var theirs = await HeldClaimAsync(other, 180, 10);
        var worker = new QueueWorker(desk.Client, "held-claims", "/api/claims?status=held", Id);

        await worker.RefusesAsync(Id(theirs), Id(claim));
        await worker.WorkOneItemAsync(Id(claim), 1, desk.ApiKeyId);

        // The item's work state and notes are about the claim's patient: each read is in the accounting of disclosures, as the list is.
        var patient = claim.GetProperty("patientId").GetGuid();
        using var admin = platform.Admin();
        var reads = await Eventually.Get(async () =>
        {
            var page = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/audit?tenantId={desk.TenantId}&patientId={patient}");
            var paths = page.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("method").GetString() == "GET").Select(i => i.GetProperty("path").GetString()!).ToList();
            return paths.Contains(worker.Item(Id(claim))) && paths.Contains($"{worker.Item(Id(claim))}/comments") ? paths : null;
        }, TimeSpan.FromSeconds(20), "the work-state and comment reads in the accounting of disclosures");
        Assert.DoesNotContain(reads, p => p.Contains(Id(theirs).ToString(), StringComparison.Ordinal));
        // The claim list outside the queues takes no work filter.
        var problem = await Json(await desk.Client.GetAsync("/api/claims?status=paid&assignee=someone"), HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("assignee", out _));
    }

    [Fact]
    public async Task A_denied_claim_is_assigned_commented_pended_and_counted_and_another_practices_is_404()
    {
        await using var desk = await ClaimsDesk.ForNewTenantAsync(platform);
        await using var other = await ClaimsDesk.ForNewTenantAsync(platform);
        var claim = await DeniedClaimAsync(desk);
        var theirs = await DeniedClaimAsync(other);
        var worker = new QueueWorker(desk.Client, "denials", "/api/claims/denials", Id);

        await worker.RefusesAsync(theirs, claim);
        await worker.WorkOneItemAsync(claim, 1, desk.ApiKeyId);

        // The denials list's own filters: the amount (total charge, $100), the denial category, the appeal deadline.
        Assert.Equal([claim], await worker.IdsAsync("minAmount=100&maxAmount=100&sort=-amount"));
        Assert.Empty(await worker.IdsAsync("minAmount=100.01"));
        var denied = await worker.ListedAsync(claim);
        Assert.Equal([claim], await worker.IdsAsync($"category={Uri.EscapeDataString(denied.GetProperty("denial").GetProperty("category").GetString()!)}"));
        Assert.Empty(await worker.IdsAsync("category=no-such-category"));
        var appealBy = DateOnly.Parse(denied.GetProperty("deadline").GetProperty("date").GetString()!);
        Assert.Empty(await worker.IdsAsync($"dueBefore={appealBy:yyyy-MM-dd}"));
        Assert.Equal([claim], await worker.IdsAsync($"dueBefore={appealBy.AddDays(1):yyyy-MM-dd}&sort=deadline"));
    }

    [Fact]
    public async Task Every_queue_is_counted_and_refuses_unknown_items_and_bad_input_naming_the_field()
    {
        var tenant = await platform.NewTenantAsync();
        using var client = platform.Client(tenant.ApiKey);
        var all = await Json(await client.GetAsync("/api/work-queues"), HttpStatusCode.OK);
        var queues = all.GetProperty("queues").EnumerateArray().ToList();
        Assert.Equal(RevenueCycle.ServiceDefaults.WorkQueues.WorkQueueCatalog.All.Select(q => q.Name).Order(), queues.Select(q => q.GetProperty("queue").GetString()!).Order());
        foreach (var q in queues)
        {
            Assert.True(q.GetProperty("available").GetBoolean(), $"{q}");
            Assert.Equal((0, 0, 0, 0), (Count(q, "open"), Count(q, "pended"), Count(q, "unassigned"), q.GetProperty("byAssignee").GetArrayLength()));
            var name = q.GetProperty("queue").GetString()!;
            var own = await Json(await client.GetAsync($"/api/work-queues/{name}"), HttpStatusCode.OK);
            Assert.Equal(q.GetProperty("service").GetString(), own.GetProperty("service").GetString());

            var worker = new QueueWorker(client, name, "", Id);
            var unknown = Guid.NewGuid();
            await Json(await client.GetAsync(worker.Item(unknown)), HttpStatusCode.NotFound);
            await Json(await worker.AssignAsync(unknown, "user-1"), HttpStatusCode.NotFound);
            await Json(await worker.PendAsync(unknown, Today.AddDays(1).ToString("yyyy-MM-dd")), HttpStatusCode.NotFound);
            await Json(await worker.CommentAsync(unknown, "Hello"), HttpStatusCode.NotFound);
            foreach (var (response, field) in new[]
            {
                (await worker.AssignAsync(unknown, ""), "assignee"),
                (await worker.AssignAsync(unknown, new string('u', 101)), "assignee"),
                (await worker.PendAsync(unknown, "2020-01-01"), "until"),
                (await worker.PendAsync(unknown, "31/12/2099"), "until"),
                (await worker.CommentAsync(unknown, ""), "body"),
                (await worker.CommentAsync(unknown, new string('b', 4001)), "body"),
            })
            {
                var problem = await Json(response, HttpStatusCode.BadRequest);
                Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{name}: the problem does not name '{field}': {problem}");
            }
        }
        await Json(await client.GetAsync("/api/work-queues/no-such-queue"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_counts_report_the_queues_of_a_service_that_does_not_answer_as_unavailable_and_still_count_the_others()
    {
        // A gateway of its own whose Payments address answers nothing (a port no process listens on).
        var environment = platform.CommonEnvironment();
        foreach (var (name, address) in platform.ServiceAddresses)
            environment[$"Gateway__Services__{name}"] = address.ToString().TrimEnd('/');
        environment["Gateway__Services__payments"] = $"http://127.0.0.1:{TestEnvironment.FreePort()}";
        var gateway = await platform.StartExtraAsync("gateway-payments-down", "gateway", environment);
        var tenant = await platform.NewTenantAsync();
        using var client = new HttpClient { BaseAddress = gateway.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new("Bearer", tenant.ApiKey);
        using var platformClient = platform.Client(tenant.ApiKey);
        await using var desk = new ClaimsDesk(platformClient, tenant.TenantId, tenant.ApiKeyId);
        await HeldClaimAsync(desk, 180, 10);

        var all = await Json(await client.GetAsync("/api/work-queues"), HttpStatusCode.OK);
        var queues = all.GetProperty("queues").EnumerateArray().ToDictionary(q => q.GetProperty("queue").GetString()!);
        foreach (var name in new[] { "posting-exceptions", "credit-balances", "unmatched-deposits" })
        {
            Assert.False(queues[name].GetProperty("available").GetBoolean(), $"{queues[name]}");
            Assert.False(queues[name].TryGetProperty("open", out _));
        }
        Assert.True(queues["held-claims"].GetProperty("available").GetBoolean());
        Assert.Equal(1, Count(queues["held-claims"], "open"));
        Assert.True(queues["coding"].GetProperty("available").GetBoolean());
    }

    [Fact]
    public async Task Held_claims_sorted_by_deadline_page_over_ties_without_skipping_or_repeating_and_filter_by_payer_aging_and_due_date()
    {
        await using var desk = await ClaimsDesk.ForNewTenantAsync(platform);
        // Three claims share a filing deadline (same date of service, same timely-filing days); one is due earlier, one later.
        var tied = new List<JsonElement>();
        for (var i = 0; i < 3; i++) tied.Add(await HeldClaimAsync(desk, 180, 10));
        var earliest = await HeldClaimAsync(desk, 180, 40);
        var latest = await HeldClaimAsync(desk, 180, 5);
        var tieDeadline = DateOnly.Parse(tied[0].GetProperty("deadline").GetProperty("date").GetString()!);

        async Task<List<JsonElement>> Pages(string sort)
        {
            var seen = new List<JsonElement>();
            string? cursor = null;
            do
            {
                var page = await Json(await desk.Client.GetAsync($"/api/claims?status=held&sort={sort}&limit=2{(cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor))}"), HttpStatusCode.OK);
                Assert.True(page.GetProperty("items").GetArrayLength() <= 2);
                seen.AddRange(page.GetProperty("items").EnumerateArray());
                cursor = page.GetProperty("nextCursor").ValueKind == JsonValueKind.String ? page.GetProperty("nextCursor").GetString() : null;
            } while (cursor is not null);
            return seen;
        }
        static DateOnly Deadline(JsonElement c) => DateOnly.Parse(c.GetProperty("deadline").GetProperty("date").GetString()!);

        var ascending = await Pages("deadline");
        Assert.Equal(5, ascending.Count);
        Assert.Equal(5, ascending.Select(Id).Distinct().Count());
        Assert.Equal(Id(earliest), Id(ascending[0]));
        Assert.Equal(Id(latest), Id(ascending[4]));
        Assert.Equal(tied.Select(Id).Order(), ascending.Skip(1).Take(3).Select(Id).Order());
        Assert.All(ascending.Skip(1).Take(3), c => Assert.Equal(tieDeadline, Deadline(c)));
        var descending = await Pages("-deadline");
        Assert.Equal(ascending.Select(Id).Reverse(), descending.Select(Id));

        // age: youngest first; -age: oldest first.
        Assert.Equal(Id(latest), Id((await Pages("age"))[0]));
        Assert.Equal(Id(earliest), Id((await Pages("-age"))[0]));

        var byPayer = await Json(await desk.Client.GetAsync($"/api/claims?status=held&payerId={earliest.GetProperty("payerId").GetString()}"), HttpStatusCode.OK);
        Assert.Equal([Id(earliest)], byPayer.GetProperty("items").EnumerateArray().Select(Id));
        var aged = await Json(await desk.Client.GetAsync("/api/claims?status=held&agingBucket=31-60"), HttpStatusCode.OK);
        Assert.Equal([Id(earliest)], aged.GetProperty("items").EnumerateArray().Select(Id));
        Assert.Equal(4, (await Json(await desk.Client.GetAsync("/api/claims?status=held&agingBucket=0-30"), HttpStatusCode.OK)).GetProperty("items").GetArrayLength());
        var due = await Json(await desk.Client.GetAsync($"/api/claims?status=held&dueBefore={tieDeadline:yyyy-MM-dd}"), HttpStatusCode.OK);
        Assert.Equal([Id(earliest)], due.GetProperty("items").EnumerateArray().Select(Id));

        // A sort this list does not have, a cursor of another sort, a bucket, an amount range and a date that are not: each named.
        var firstPage = await Json(await desk.Client.GetAsync("/api/claims?status=held&sort=deadline&limit=2"), HttpStatusCode.OK);
        var deadlineCursor = Uri.EscapeDataString(firstPage.GetProperty("nextCursor").GetString()!);
        foreach (var (query, field) in new[]
        {
            ("sort=payer", "sort"), ($"sort=amount&cursor={deadlineCursor}", "cursor"), ("cursor=not-a-cursor", "cursor"), ("agingBucket=30-60", "agingBucket"),
            ("minAmount=10&maxAmount=5", "maxAmount"), ("dueBefore=tomorrow", "dueBefore"), ("assignee=" + new string('u', 101), "assignee"),
        })
        {
            var problem = await Json(await desk.Client.GetAsync($"/api/claims?status=held&{query}"), HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{query}: the problem does not name '{field}': {problem}");
        }
        var denialsProblem = await Json(await desk.Client.GetAsync("/api/claims/denials?sort=-nothing"), HttpStatusCode.BadRequest);
        Assert.True(denialsProblem.GetProperty("errors").TryGetProperty("sort", out _));
    }

    static async Task<JsonElement> HeldClaimAsync(ClaimsDesk desk, int timelyFilingDays, int daysAgo)
    {
        var payer = ClaimsDesk.Payer("manual") with { TimelyFilingDays = timelyFilingDays };
        var coded = desk.Encounter([ClaimsDesk.Coverage(payer)], "99499"); // no fee for it: the claim waits, held
        coded = coded with { Encounter = coded.Encounter with { DateOfService = Today.AddDays(-daysAgo) } };
        await desk.PublishAsync(coded);
        var claim = await desk.ClaimForEncounterAsync(coded.EncounterId);
        return await desk.ClaimInStatusAsync(Id(claim), "held");
    }

    static async Task<Guid> DeniedClaimAsync(ClaimsDesk desk)
    {
        await desk.SetFeesAsync(("99213", 100m));
        var payer = ClaimsDesk.Payer("manual");
        var coded = desk.Encounter([ClaimsDesk.Coverage(payer)], "99213");
        await desk.PublishAsync(coded);
        var claim = await desk.ClaimForEncounterAsync(coded.EncounterId);
        await desk.ClaimInStatusAsync(Id(claim), "submitted", TimeSpan.FromSeconds(30));
        var pcn = claim.GetProperty("patientControlNumber").GetString()!;
        await desk.PublishAsync(new ClaimPaymentPosted(desk.TenantId, Guid.CreateVersion7(), Guid.CreateVersion7(), Id(claim), Guid.Empty, pcn, "ICN-" + pcn, "4",
            payer.PayerId, "Acme Health", Today.AddDays(-10), null, 100m, 0m, [new PostedAdjustment("CO", "50", 100m, 1)], new PatientResponsibility(0, 0, 0, 0, 0), 100m,
            false, [new PostedLine(1, "99213", [], null, 100m, 0m, 0m, [])], [], DateTimeOffset.UtcNow));
        await desk.ClaimInStatusAsync(Id(claim), "denied");
        return Id(claim);
    }
}

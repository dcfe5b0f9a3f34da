// The simulator answers in milliseconds; each call is bounded by its HttpClient timeout rather than the test token.
#pragma warning disable xUnit1051
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using RevenueCycle.EndToEnd.Platform;
using RevenueCycle.ServiceDefaults.Clearinghouse;
using RevenueCycle.X12.Acknowledgments;
using RevenueCycle.X12.Remittance;

namespace RevenueCycle.EndToEnd.Simulator;

/// <summary>
/// The acknowledgments real clearinghouses and payers send (issue 15), each a payer setting of the simulator (docs/clearinghouse.md):
/// two 277CAs per claim (X214), 999s with E, M, W and X (X231A1), and the payer's own front-end edits of X222A1 situational rules.
/// Every file is read back by the X12 library's readers. Both 277CAs are written when the file is processed: the tests wait for
/// the file's processedAt, never a fixed time.
/// </summary>
public sealed class Real_acknowledgments(PlatformFixture platform)
{
    static readonly DateOnly March1 = new(2024, 3, 1);
    static int nextControl = Random.Shared.Next(1000, 900_000_000);

    readonly HttpClient http = platform.SimulatorOperator();
    readonly string submitter = "RCM" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();
    HttpClient SubmitterHttp => submitterHttpClient ??= platform.SimulatorSubmitter(submitter);
    HttpClient? submitterHttpClient;
    readonly string payer = "P" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    async Task PutAsync(string path, object body) => (await http.PutAsJsonAsync(path, body)).EnsureSuccessStatusCode();

    sealed record Mailbox(List<FunctionalAcknowledgment999> Acknowledgments999, List<ClaimAcknowledgment277> Acknowledgments277, List<Remittance835> Remittances);

    /// <summary>Sends the claims in one 837 file and collects, once it is processed, every file it produced in mailbox order (oldest first).</summary>
    async Task<Mailbox> SubmitAsync(params TestClaim[] claims)
    {
        var response = await SubmitterHttp.PostAsync($"/clearinghouse/{submitter}/files",
            new StringContent(X12Files.Claims(submitter, Interlocked.Increment(ref nextControl), claims), Encoding.UTF8, "application/edi-x12"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await Eventually.True(async () => (await http.GetFromJsonAsync<JsonElement>($"/simulator/received?submitterId={submitter}&limit=500"))
            .GetProperty("items").EnumerateArray().All(f => f.TryGetProperty("processedAt", out _)),
            TimeSpan.FromSeconds(30), "every file sent processed");
        var client = platform.ClearinghouseClient();
        var list = await client.ListMailboxAsync(submitter);
        Assert.True(list.Succeeded, list.ToString());
        var mailbox = new Mailbox([], [], []);
        foreach (var item in list.Value!)
        {
            var file = await client.GetFileAsync(submitter, item.Id);
            Assert.True(file.Succeeded, file.ToString());
            switch (item.Kind)
            {
                case MailboxKinds.FunctionalAcknowledgment: mailbox.Acknowledgments999.Add(Assert.Single(Acknowledgment999Reader.Parse(file.Value!))); break;
                case MailboxKinds.ClaimAcknowledgment: mailbox.Acknowledgments277.Add(Assert.Single(ClaimAcknowledgment277Reader.Parse(file.Value!))); break;
                case MailboxKinds.Remittance: mailbox.Remittances.Add(Assert.Single(Remittance835Reader.Parse(file.Value!))); break;
            }
            Assert.True((await client.DeleteFileAsync(submitter, item.Id)).Succeeded);
        }
        return mailbox;
    }

    TestClaim Visit(string patientControlNumber, string code = "99213", decimal charge = 100m) =>
        new(patientControlNumber, payer, "M1", new Line(code, charge, March1));

    static ClaimStatus277 Status(ClaimAcknowledgment277 acknowledgment, string patientControlNumber) =>
        Assert.Single(acknowledgment.Claims, c => c.PatientControlNumber == patientControlNumber);

    static string Stc(ClaimStatus277 claim) => $"{claim.Statuses[0].Category}:{claim.Statuses[0].StatusCode}:{claim.Statuses[0].EntityCode}";

    [Fact]
    public async Task A_two_stage_payer_sends_the_clearinghouses_A1_receipt_first_and_then_its_own_A2_with_the_payer_claim_number()
    {
        // X214: the clearinghouse's 277CA (2100A NM1*AY) says A1 received with its REF*D9 trace; only the payer's (NM1*PR) A2
        // accepts the claim into adjudication, with REF*1K, the payer claim number the 835's CLP07 carries.
        await PutAsync($"/simulator/payers/{payer}", new { twoStageAcknowledgments = true });

        var mailbox = await SubmitAsync(Visit("TWO1"), Visit("TWO2", "99214", 200m));

        Assert.Equal(2, mailbox.Acknowledgments277.Count);
        var (clearinghouse, payerAck) = (mailbox.Acknowledgments277[0], mailbox.Acknowledgments277[1]);
        Assert.True(clearinghouse.IsFromClearinghouse);
        Assert.All(clearinghouse.Claims, c =>
        {
            Assert.Equal("A1:19:PR", Stc(c));
            Assert.True(c.IsReceived);
            Assert.False(c.IsAccepted);
            Assert.Null(c.PayerClaimControlNumber);
            Assert.NotNull(c.ClearinghouseTraceNumber);
        });
        Assert.False(payerAck.IsFromClearinghouse);
        Assert.Equal(payer, payerAck.InformationSource.Identifier);
        foreach (var pcn in new[] { "TWO1", "TWO2" })
        {
            var accepted = Status(payerAck, pcn);
            Assert.Equal("A2:20:", Stc(accepted));
            Assert.True(accepted.IsAccepted);
            Assert.Equal(Status(clearinghouse, pcn).ClearinghouseTraceNumber, accepted.ClearinghouseTraceNumber);
            var paid = Assert.Single(Assert.Single(mailbox.Remittances).Claims, c => c.PatientControlNumber == pcn);
            Assert.Equal(accepted.PayerClaimControlNumber, paid.PayerClaimControlNumber);
        }
    }

    [Fact]
    public async Task A_payers_rejection_after_the_clearinghouses_receipt_stands_and_the_rejected_claim_never_gets_an_835()
    {
        // X214: A1 then the payer's A7 (rejected for invalid information, STC12 the reason); a rejected claim is not adjudicated.
        await PutAsync($"/simulator/payers/{payer}", new
        {
            twoStageAcknowledgments = true,
            payerRejects = new[] { new { procedureCode = "97110", category = "A7", statusCode = "454", entityCode = "85", message = "Procedure code not valid for this plan." } },
        });

        var mailbox = await SubmitAsync(Visit("REJECTED", "97110", 80m), Visit("ACCEPTED"));

        var (clearinghouse, payerAck) = (mailbox.Acknowledgments277[0], mailbox.Acknowledgments277[1]);
        Assert.Equal("A1:19:PR", Stc(Status(clearinghouse, "REJECTED")));
        var rejected = Status(payerAck, "REJECTED");
        Assert.Equal("A7:454:85", Stc(rejected));
        Assert.Equal(("U", "Procedure code not valid for this plan."), (rejected.Statuses[0].ActionCode, rejected.Statuses[0].Message));
        Assert.True(rejected.IsRejected);
        Assert.Null(rejected.PayerClaimControlNumber);
        Assert.True(Status(payerAck, "ACCEPTED").IsAccepted);
        Assert.Equal(["ACCEPTED"], mailbox.Remittances.SelectMany(r => r.Claims).Select(c => c.PatientControlNumber));
    }

    [Fact]
    public async Task A_one_stage_payer_keeps_its_single_277CA()
    {
        await PutAsync($"/simulator/payers/{payer}", new { });

        var mailbox = await SubmitAsync(Visit("ONE"));

        var only = Assert.Single(mailbox.Acknowledgments277);
        Assert.False(only.IsFromClearinghouse);
        Assert.True(Status(only, "ONE").IsAccepted);
        var settings = await http.GetFromJsonAsync<JsonElement>($"/simulator/payers/{payer}");
        Assert.False(settings.GetProperty("twoStageAcknowledgments").GetBoolean());
        Assert.Equal("A", settings.GetProperty("acknowledgment999").GetString());
    }

    [Theory]
    [InlineData("M", AcknowledgmentCode.RejectedMacFailed)]
    [InlineData("W", AcknowledgmentCode.RejectedAssuranceFailed)]
    [InlineData("X", AcknowledgmentCode.RejectedContentNotAnalysed)]
    public async Task A_999_rejecting_with_M_W_or_X_carries_it_in_IK5_and_AK9_and_the_claims_get_no_277CA_and_no_835(string code, AcknowledgmentCode expected)
    {
        // X231A1 IK501/AK901 M, W and X are rejections: nothing of the set was accepted, so no 277CA (X214) and no 835 follow.
        await PutAsync($"/simulator/payers/{payer}", new { acknowledgment999 = code, twoStageAcknowledgments = true });

        var mailbox = await SubmitAsync(Visit("SECURE1"), Visit("SECURE2"));

        var ack = Assert.Single(mailbox.Acknowledgments999);
        Assert.Equal(expected, Assert.Single(ack.TransactionSets).Status);
        Assert.Equal((expected, 0), (ack.GroupStatus, ack.TransactionSetsAccepted));
        Assert.Empty(mailbox.Acknowledgments277);
        Assert.Empty(mailbox.Remittances);
        var received = await http.GetFromJsonAsync<JsonElement>($"/simulator/received?submitterId={submitter}");
        Assert.Equal("rejected", Assert.Single(received.GetProperty("items").EnumerateArray()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_999_accepting_with_errors_notes_them_in_IK3_and_IK4_and_the_claims_go_on_to_277CA_and_835()
    {
        // X231A1 IK501/AK901 E: accepted, errors noted (IK3 the 2010BB NM1, IK4 its NM109); the set's claims go on.
        await PutAsync($"/simulator/payers/{payer}", new { acknowledgment999 = "E" });

        var mailbox = await SubmitAsync(Visit("NOTED"));

        var ack = Assert.Single(mailbox.Acknowledgments999);
        var set = Assert.Single(ack.TransactionSets);
        Assert.Equal((AcknowledgmentCode.AcceptedWithErrors, AcknowledgmentCode.AcceptedWithErrors), (set.Status, ack.GroupStatus));
        var error = Assert.Single(set.SegmentErrors);
        Assert.Equal(("NM1", "2010BB"), (error.SegmentId, error.LoopId));
        Assert.Equal(payer, Assert.Single(error.ElementErrors).BadData);
        Assert.True(Status(Assert.Single(mailbox.Acknowledgments277), "NOTED").IsAccepted);
        Assert.Equal("NOTED", Assert.Single(Assert.Single(mailbox.Remittances).Claims).PatientControlNumber);
    }

    [Fact]
    public async Task The_payers_front_end_rejects_a_facility_claim_without_2310C_a_Medicare_secondary_without_SBR05_and_a_claim_after_a_prior_payer_without_AMT_EAF()
    {
        // X222A1: 2310C is required when care was not given at the billing provider's address (POS 22, outpatient hospital);
        // 2000B SBR05 when Medicare is not the primary payer; 2320 AMT*EAF when the payer in 2330B adjudicated the claim.
        // Each is answered after the clearinghouse's A1 in the payer's 277CA (X214: A6, missing information), and never paid.
        await PutAsync($"/simulator/payers/{payer}", new
        {
            twoStageAcknowledgments = true, require2310CForFacilityPos = true, requireSbr05OnMedicareSecondary = true, requireAmtEafAfterPriorPayer = true,
        });
        await PutAsync($"/simulator/payers/{payer}/members/M1", new { active = true, coinsurancePercent = 0m });
        var primary = (Paid: 128m, Contractual: 40m, PatientResponsibility: 32m);

        var mailbox = await SubmitAsync(
            Visit("HOSPITAL", "99223", 200m) with { PlaceOfService = "22" },
            Visit("HOSPITAL-OK", "99223", 200m) with { PlaceOfService = "22", ServiceFacility = "RIVERSIDE HOSPITAL" },
            Visit("MSP", charge: 200m) with { Responsibility = "S", ClaimFilingCode = "MB", Primary = primary, PrimaryRemainingLiability = true },
            Visit("MSP-OK", "99214", 200m) with { Responsibility = "S", ClaimFilingCode = "MB", InsuranceTypeCode = "12", Primary = primary, PrimaryRemainingLiability = true },
            Visit("COB", "99212", 200m) with { Responsibility = "S", Primary = primary });

        var (clearinghouse, payerAck) = (mailbox.Acknowledgments277[0], mailbox.Acknowledgments277[1]);
        Assert.All(clearinghouse.Claims, c => Assert.True(c.IsReceived));
        Assert.Equal("A6:126:77", Stc(Status(payerAck, "HOSPITAL")));
        Assert.Equal("A6:578:IL", Stc(Status(payerAck, "MSP")));
        Assert.Equal("A6:639:PRP", Stc(Status(payerAck, "COB")));
        Assert.All(new[] { "HOSPITAL", "MSP", "COB" }, pcn => Assert.True(Status(payerAck, pcn).IsRejected));
        Assert.True(Status(payerAck, "HOSPITAL-OK").IsAccepted);
        Assert.True(Status(payerAck, "MSP-OK").IsAccepted);
        Assert.Equal(["HOSPITAL-OK", "MSP-OK"], mailbox.Remittances.SelectMany(r => r.Claims).Select(c => c.PatientControlNumber).Order());
        Assert.Equal(32m, Assert.Single(mailbox.Remittances.SelectMany(r => r.Claims), c => c.PatientControlNumber == "MSP-OK").PaymentAmount);
    }

    [Fact]
    public async Task Bad_acknowledgment_settings_answer_400_naming_the_field()
    {
        var response = await http.PutAsJsonAsync($"/simulator/payers/{payer}", new
        {
            acknowledgment999 = "R",
            payerRejects = new[] { new { category = "A2", statusCode = "", message = "a*b" } },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        foreach (var field in new[] { "acknowledgment999", "payerRejects[0].category", "payerRejects[0].statusCode", "payerRejects[0].message" })
            Assert.True(errors.TryGetProperty(field, out _), field);
    }
}

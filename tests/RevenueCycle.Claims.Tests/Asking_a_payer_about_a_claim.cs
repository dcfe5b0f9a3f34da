using RevenueCycle.Claims.Building;
using RevenueCycle.Claims.StatusChecks;
using RevenueCycle.X12;
using RevenueCycle.X12.ClaimStatus;

namespace RevenueCycle.Claims.Tests;

/// <summary>The 276 a claim is asked about in (005010X212) and what a 277 answer makes of the status check.</summary>
public class Asking_a_payer_about_a_claim
{
    static readonly DateTime Now = new(2025, 7, 30, 9, 0, 0);
    static readonly Guid CheckId = Guid.CreateVersion7();

    static ClaimRow Row(ClaimData data) => ClaimBuilder.Row(data, pcn: "RC0000042", payerClaimNumber: "SIM000000042") with { Data = data.ToJson(), Status = ClaimStatus.Accepted };

    static string Write(ClaimRow row) => ClaimStatus276Writer.WriteToString(StatusCheckSender.Inquiry(row, "RCMSUBMITTER1", 7, CheckId, Now));

    [Fact]
    public void A_patient_who_is_the_subscriber_is_asked_about_at_the_subscriber_level_with_the_claims_numbers_charge_and_dates()
    {
        var x12 = Write(Row(ClaimBuilder.Claim()));
        Assert.Contains("GS*HR*RCMSUBMITTER1*CLEARINGHOUSE*", x12);
        Assert.Contains("ST*276*0007*005010X212~", x12);
        Assert.Contains("NM1*PR*2*Acme Health*****PI*ACME01~", x12);
        Assert.Contains("NM1*41*2*Riverside Family Medicine*****46*RCMSUBMITTER1~", x12);
        Assert.Contains("NM1*1P*2*Riverside Family Medicine*****XX*1234567893~", x12);
        Assert.Contains("HL*4*3*22*0~DMG*D8*19800512*F~NM1*IL*1*Doe*Jane****MI*MEM123~", x12);
        Assert.Contains($"TRN*1*{CheckId:N}~REF*1K*SIM000000042~REF*EJ*RC0000042~AMT*T3*230~DTP*472*RD8*20250602-20250602~", x12);
        Assert.DoesNotContain("HL*5", x12);
    }

    [Fact]
    public void A_child_on_a_parents_policy_is_asked_about_as_a_dependent_under_the_subscriber()
    {
        var data = ClaimBuilder.Claim();
        data = data with
        {
            Patient = data.Patient with { FirstName = "Tommy", DateOfBirth = new DateOnly(2015, 2, 1), Sex = "M" },
            Coverage = data.Coverage with { Relationship = "child" },
        };
        var inquiry = Assert.Single(ClaimStatus276Reader.Parse(Write(Row(data)))).Claims.Single();
        Assert.Equal(new PersonName("Doe", "Jane"), inquiry.Subscriber);
        Assert.Equal(new PersonName("Doe", "Tommy"), inquiry.Dependent!.Name);
        Assert.Equal((new DateOnly(2015, 2, 1), Gender.Male), (inquiry.Dependent.BirthDate!.Value, inquiry.Dependent.Gender!.Value));
        Assert.Equal("RC0000042", inquiry.PatientControlNumber);
    }

    static StatusCheckRow Answer(params StatusInformation[] statuses) => StatusCheckSender.Read(
        new StatusCheckRow { Id = CheckId, Result = "" },
        new ClaimStatusAnswer
        {
            ServiceProvider = EntityName.Organization("Riverside Family Medicine", "XX", "1234567893"), Subscriber = new PersonName("Doe", "Jane"),
            TraceNumber = CheckId.ToString("N"), PayerClaimControlNumber = "SIM000000042", Statuses = statuses.ToValueList(),
        });

    [Fact]
    public void A_finalized_payment_reported_on_a_later_STC_gives_the_amount_and_check()
    {
        var check = Answer(
            new StatusInformation { Status = new StatusCode("F1", "65"), EffectiveDate = new DateOnly(2025, 7, 30), TotalCharge = 280m },
            new StatusInformation
            {
                Status = new StatusCode("F1", "1"), PaymentAmount = 198.4m, AdjudicationDate = new DateOnly(2025, 7, 20), PaymentMethod = "CHK",
                CheckIssueDate = new DateOnly(2025, 7, 22), CheckNumber = "00045678",
            });
        Assert.Equal((StatusCheckResults.Paid, "F1", "65", "finalized: paid"), (check.Result, check.CategoryCode, check.StatusCode, check.Meaning));
        Assert.Equal((198.4m, "00045678", new DateOnly(2025, 7, 22), new DateOnly(2025, 7, 20)),
            (check.PaidAmount!.Value, check.CheckNumber, check.CheckDate!.Value, check.AdjudicationDate!.Value));
        Assert.Equal("SIM000000042", check.PayerClaimNumber);
    }

    [Theory]
    [InlineData("A4", "35", StatusCheckResults.NotFound)]
    [InlineData("P1", "20", StatusCheckResults.Pending)]
    [InlineData("P3", "21", StatusCheckResults.Pending)]
    [InlineData("F2", "1", StatusCheckResults.Denied)]
    [InlineData("F4", "1", StatusCheckResults.Finalized)]
    [InlineData("A2", "20", StatusCheckResults.Acknowledged)]
    [InlineData("R1", "1", StatusCheckResults.InformationRequested)]
    [InlineData("E1", "1", StatusCheckResults.PayerError)]
    [InlineData("D0", "35", StatusCheckResults.Other)]
    public void The_first_STC_of_the_claim_decides_the_result(string category, string code, string expected)
    {
        var check = Answer(new StatusInformation { Status = new StatusCode(category, code) }, new StatusInformation { Status = new StatusCode("F1", "65") });
        Assert.Equal((expected, category), (check.Result, check.CategoryCode));
    }

    [Fact]
    public void An_answer_without_a_status_is_an_error()
    {
        var check = Answer();
        Assert.Equal(StatusCheckResults.Error, check.Result);
        Assert.Contains("STC", check.Error);
    }

    [Fact]
    public void Finalized_results_are_the_ones_that_expect_an_835() =>
        Assert.Equal([StatusCheckResults.Paid, StatusCheckResults.Denied, StatusCheckResults.Finalized], StatusCheckResults.FinalizedResults);
}

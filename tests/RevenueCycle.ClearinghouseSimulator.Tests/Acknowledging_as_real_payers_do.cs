using RevenueCycle.ClearinghouseSimulator.Settings;
using RevenueCycle.ClearinghouseSimulator.Submissions;
using RevenueCycle.X12;
using RevenueCycle.X12.Acknowledgments;
using RevenueCycle.X12.Claims;
using static RevenueCycle.ClearinghouseSimulator.Tests.Builders;

namespace RevenueCycle.ClearinghouseSimulator.Tests;

/// <summary>
/// The acknowledgments of issue 15: the 999 codes a payer's translator answers with (X231A1), read back by Acknowledgment999Reader,
/// and the payer front-end edits of X222A1 situational rules answered in a 277CA (X214).
/// </summary>
public class Acknowledging_as_real_payers_do
{
    static readonly X12Envelope Envelope837 = new(
        new InterchangeHeader { SenderId = "RCMTEST", ReceiverId = "CLEARINGHOUSE", Created = new DateTime(2024, 3, 15, 9, 30, 0), ControlNumber = 11 },
        new FunctionalGroupHeader
        {
            FunctionalIdentifierCode = "HC", ApplicationSenderCode = "RCMTEST", ApplicationReceiverCode = "CLEARINGHOUSE",
            Created = new DateTime(2024, 3, 15, 9, 30, 0), ControlNumber = 11, Version = X12Versions.ProfessionalClaim837,
        },
        "0001");

    static string File837(params Claim837[] claims) => Claim837Writer.WriteToString(new ClaimBatch837
    {
        Envelope = Envelope837, OriginatorReference = "BATCH-11", Created = new DateTime(2024, 3, 15, 9, 30, 0),
        Submitter = EntityName.Organization("RIVERSIDE", "46", "RCMTEST"), SubmitterContact = new Contact { FunctionCode = "IC", Name = "BILLING" },
        Receiver = EntityName.Organization("CLEARINGHOUSE", "46", "CLEARINGHOUSE"), Claims = [.. claims],
    });

    /// <summary>The 999 the simulator answers with when the payer's verdict is <paramref name="verdict"/>, as written and read back.</summary>
    static FunctionalAcknowledgment999 Answer(string x12, AcknowledgmentCode verdict)
    {
        var syntax = Claim837SyntaxValidator.Validate(x12);
        var answered = Assert.Single(PayerFrontEndEdit.Apply(syntax, PayerFrontEndEdit.Scan(x12), _ => verdict));
        var envelope = answered.Envelope with { Group = answered.Envelope.Group with { FunctionalIdentifierCode = X12Versions.AcknowledgmentGroup, Version = X12Versions.FunctionalAcknowledgment999 } };
        return Assert.Single(Acknowledgment999Reader.Parse(Acknowledgment999Writer.WriteToString(answered with { Envelope = envelope })));
    }

    [Theory]
    [InlineData("M", AcknowledgmentCode.RejectedMacFailed, "13")]
    [InlineData("X", AcknowledgmentCode.RejectedContentNotAnalysed, "16")]
    public void A_999_rejecting_for_a_failed_MAC_or_unreadable_decrypted_content_carries_the_code_in_IK5_and_AK9_with_its_IK502_reason(
        string setting, AcknowledgmentCode code, string reason)
    {
        // X231A1 IK501/AK901 M and X; element 618 (IK502) 13 message authentication code failed, 16 syntax error in decrypted text.
        // The fault is in the security structures, not in a segment: no IK3.
        var ack = Answer(File837(Claim("S1", ("99213", 100m))), PayerFrontEndEdit.Verdict(setting));

        var set = Assert.Single(ack.TransactionSets);
        Assert.Equal(code, set.Status);
        Assert.Equal([reason], set.ErrorCodes);
        Assert.Empty(set.SegmentErrors);
        Assert.Equal((code, 1, 0), (ack.GroupStatus, ack.TransactionSetsReceived, ack.TransactionSetsAccepted));
        Assert.True(set.Status.IsRejection());
    }

    [Fact]
    public void A_999_rejecting_for_a_failed_assurance_carries_W_in_IK5_and_AK9_and_no_reason_element_618_does_not_have()
    {
        // X231A1 IK501/AK901 W: rejected, assurance failed validity tests; no IK502 code names an assurance failure.
        var ack = Answer(File837(Claim("S1", ("99213", 100m))), PayerFrontEndEdit.Verdict("W"));

        var set = Assert.Single(ack.TransactionSets);
        Assert.Equal(AcknowledgmentCode.RejectedAssuranceFailed, set.Status);
        Assert.Empty(set.ErrorCodes);
        Assert.Equal(AcknowledgmentCode.RejectedAssuranceFailed, ack.GroupStatus);
    }

    [Fact]
    public void A_999_accepting_with_errors_notes_the_payer_id_in_IK3_and_IK4_and_says_E_in_IK5_and_AK9()
    {
        // X231A1: IK3 names the segment in error (NM1 at its position in the set, loop 2010BB), IK4 the element (NM109, data
        // element 67, code 7); IK501 E accepts the set all the same, and AK901 E the group.
        var ack = Answer(File837(Claim("E1", ("99213", 100m))), PayerFrontEndEdit.Verdict("E"));

        var set = Assert.Single(ack.TransactionSets);
        Assert.Equal(AcknowledgmentCode.AcceptedWithErrors, set.Status);
        Assert.Equal(["5"], set.ErrorCodes);
        var segment = Assert.Single(set.SegmentErrors);
        Assert.Equal(("NM1", "2010BB", "8"), (segment.SegmentId, segment.LoopId, segment.ErrorCode));
        var element = Assert.Single(segment.ElementErrors);
        Assert.Equal((9, "67", "7", "ACME01"), (element.ElementPosition, element.ReferenceNumber, element.ErrorCode, element.BadData));
        Assert.Equal((AcknowledgmentCode.AcceptedWithErrors, 1), (ack.GroupStatus, ack.TransactionSetsAccepted));
    }

    [Fact]
    public void A_payer_refused_outright_still_gets_R_when_it_also_asks_for_E()
    {
        var x12 = File837(Claim("R1", ("99213", 100m)));
        var syntax = Claim837SyntaxValidator.Validate(x12);
        var payers = PayerFrontEndEdit.Scan(x12);
        var both = payers.Concat(payers.Select(p => p with { PayerId = "OTHER" })).ToList();

        var answered = Assert.Single(PayerFrontEndEdit.Apply(syntax, both, id => id == "OTHER" ? AcknowledgmentCode.AcceptedWithErrors : AcknowledgmentCode.Rejected));

        Assert.Equal(AcknowledgmentCode.Rejected, Assert.Single(answered.TransactionSets).Status);
        Assert.Equal(AcknowledgmentCode.Rejected, answered.GroupStatus);
    }

    static readonly PayerSettings StrictPayer = new() { Require2310CForFacilityPos = true, RequireSbr05OnMedicareSecondary = true, RequireAmtEafAfterPriorPayer = true };

    [Theory]
    [InlineData("21")]
    [InlineData("22")]
    [InlineData("23")]
    public void A_claim_from_a_hospital_place_of_service_without_2310C_is_rejected_A6_126_77(string placeOfService)
    {
        // X222A1 2310C: required when the location of care is not the billing provider's address (2010AA).
        var rejection = PayerClaimEdits.Check(Claim("F1", ("99223", 300m)) with { PlaceOfService = placeOfService }, StrictPayer);

        Assert.Equal((ClaimStatusDetail.RejectedMissingInformation, "126", "77"), (rejection?.Category, rejection?.StatusCode, rejection?.EntityCode));
        Assert.Contains("2310C", rejection!.Message);
    }

    [Fact]
    public void A_hospital_claim_with_its_service_facility_or_an_office_claim_without_one_passes()
    {
        var facility = new ServiceFacility837 { Name = "RIVERSIDE HOSPITAL", Address = new Address { Line1 = "900 HOSPITAL DR", City = "SPRINGFIELD", State = "IL", PostalCode = "627040000" } };

        Assert.Null(PayerClaimEdits.Check(Claim("F2", ("99223", 300m)) with { PlaceOfService = "22", ServiceFacility = facility }, StrictPayer));
        Assert.Null(PayerClaimEdits.Check(Claim("F3", ("99213", 100m)), StrictPayer));
        Assert.Null(PayerClaimEdits.Check(Claim("F4", ("99223", 300m)) with { PlaceOfService = "22" }, PayerSettings.Default));
    }

    static Claim837 MedicareSecondary(string? insuranceType) => Claim("MSP1", ("99213", 100m)) with
    {
        Subscriber = Claim("X", ("99213", 1m)).Subscriber with { Responsibility = PayerResponsibility.Secondary, ClaimFilingCode = "MB", InsuranceTypeCode = insuranceType },
    };

    [Fact]
    public void A_Medicare_secondary_claim_without_SBR05_is_rejected_A6_578_IL_and_with_it_passes()
    {
        // X222A1 2000B SBR05: required when the payer in 2010BB is Medicare and Medicare is not the primary payer.
        var rejection = PayerClaimEdits.Check(MedicareSecondary(null), StrictPayer);

        Assert.Equal((ClaimStatusDetail.RejectedMissingInformation, "578", "IL"), (rejection?.Category, rejection?.StatusCode, rejection?.EntityCode));
        Assert.Null(PayerClaimEdits.Check(MedicareSecondary("12"), StrictPayer));
        // Medicare as primary, or a commercial secondary, needs none.
        Assert.Null(PayerClaimEdits.Check(MedicareSecondary(null) with { Subscriber = MedicareSecondary(null).Subscriber with { Responsibility = PayerResponsibility.Primary } }, StrictPayer));
        Assert.Null(PayerClaimEdits.Check(MedicareSecondary(null) with { Subscriber = MedicareSecondary(null).Subscriber with { ClaimFilingCode = "CI" } }, StrictPayer));
    }

    static Claim837 AfterPrimary(decimal? remainingLiability) => Claim("COB1", ("99213", 200m)) with
    {
        Subscriber = Claim("X", ("99213", 1m)).Subscriber with { Responsibility = PayerResponsibility.Secondary },
        OtherPayers =
        [
            new OtherPayer837
            {
                Responsibility = PayerResponsibility.Primary, ClaimFilingCode = "CI", PaidAmount = 128m, RemainingPatientLiability = remainingLiability,
                SubscriberName = new PersonName("DOE", "JANE"), SubscriberMemberId = "P1", PayerName = "PRIMARY PLAN", PayerId = "PRIM01",
            },
        ],
    };

    [Fact]
    public void A_claim_after_a_prior_payers_adjudication_without_AMT_EAF_is_rejected_A6_639_naming_the_primary_payer()
    {
        // X222A1 2320 AMT*EAF: required when the payer in 2330B has adjudicated the claim; PRP names the primary payer as the entity.
        var rejection = PayerClaimEdits.Check(AfterPrimary(null), StrictPayer);

        Assert.Equal((ClaimStatusDetail.RejectedMissingInformation, "639", "PRP"), (rejection?.Category, rejection?.StatusCode, rejection?.EntityCode));
        Assert.Contains("PRIM01", rejection!.Message);
        Assert.Null(PayerClaimEdits.Check(AfterPrimary(32m), StrictPayer));
    }

    [Fact]
    public void A_payer_reject_rule_matches_a_line_by_code_and_the_diagnosis_it_points_to()
    {
        var payer = new PayerSettings { PayerRejects = [new PayerRejectRule("97110", "M54", ClaimStatusDetail.RejectedInvalidInformation, "454", null, "Procedure not covered by the plan's front end.")] };
        var claim = Claim("PR1", ("99213", 100m), ("97110", 80m)) with { Diagnoses = ["J449", "M545"], Lines = [] };
        ServiceLine837 Line(string code, int pointer) => new() { Procedure = ProcedureCode.Cpt(code), ChargeAmount = 50m, ServiceDate = ServiceDate, DiagnosisPointers = [pointer] };

        var rejected = PayerClaimEdits.Check(claim with { Lines = [Line("99213", 1), Line("97110", 2)] }, payer);

        Assert.Equal(("A7", "454", null), (rejected?.Category, rejected?.StatusCode, rejected?.EntityCode));
        Assert.Null(PayerClaimEdits.Check(claim with { Lines = [Line("97110", 1), Line("99213", 2)] }, payer)); // 97110 points to J449
    }

    [Fact]
    public void A_payer_rejection_is_written_in_a_277CA_that_reads_back_rejected()
    {
        // X214 2200D STC: category:status:entity, STC03 U, STC12 the message; a rejection is never an acceptance.
        var status = new ClaimStatus277
        {
            BillingProvider = EntityName.Organization("RIVERSIDE", "XX", "1234567893"), PatientName = new PersonName("DOE", "JANE"), PatientControlNumber = "F1",
            Statuses = [new ClaimStatusDetail { Category = "A6", StatusCode = "126", EntityCode = "77", EffectiveDate = ServiceDate, ActionCode = "U", ChargeAmount = 300m, Message = "2310C is required." }],
        };
        var envelope = Envelope837 with { Group = Envelope837.Group with { FunctionalIdentifierCode = X12Versions.ClaimStatusGroup, Version = X12Versions.ClaimAcknowledgment277 } };
        var written = ClaimAcknowledgment277Writer.WriteToString(new ClaimAcknowledgment277
        {
            Envelope = envelope, ReferenceId = "BATCH-11", Created = new DateTime(2024, 3, 16), InformationSource = EntityName.Organization("ACME", "PI", "ACME01"),
            ReceiptDate = ServiceDate, ProcessDate = ServiceDate, InformationReceiver = EntityName.Organization("RIVERSIDE", "46", "RCMTEST"), Claims = [status],
        });

        Assert.Contains("STC*A6:126:77*20240301*U*300********2310C is required.~", written);
        var read = Assert.Single(Assert.Single(ClaimAcknowledgment277Reader.Parse(written)).Claims);
        Assert.True(read.IsRejected);
        Assert.False(read.IsAccepted);
    }
}

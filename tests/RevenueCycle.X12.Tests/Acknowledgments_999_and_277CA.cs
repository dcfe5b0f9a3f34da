using RevenueCycle.X12.Acknowledgments;
using RevenueCycle.X12.Claims;
using RevenueCycle.X12.Tests.Samples;

namespace RevenueCycle.X12.Tests;

public class Acknowledgments_999_and_277CA
{
    internal static X12Envelope Envelope(string group, string version) => new(
        new InterchangeHeader { SenderId = "CLEARINGHOUSE", ReceiverId = "RIVERSIDEFM", Created = new DateTime(2024, 3, 15, 9, 45, 0), ControlNumber = 900 },
        new FunctionalGroupHeader
        {
            FunctionalIdentifierCode = group, ApplicationSenderCode = "CLEARINGHOUSE", ApplicationReceiverCode = "RIVERSIDEFM",
            Created = new DateTime(2024, 3, 15, 9, 45, 0), ControlNumber = 900, Version = version,
        },
        "0001");

    [Fact]
    public void Accepts_a_valid_837_with_a_999_A()
    {
        var ack = Assert.Single(Claim837SyntaxValidator.Validate(Sample837.Text));
        Assert.Equal(AcknowledgmentCode.Accepted, ack.GroupStatus);
        Assert.Equal(42, ack.GroupControlNumber);
        Assert.Equal("HC", ack.FunctionalIdentifierCode);
        var set = Assert.Single(ack.TransactionSets);
        Assert.Equal(AcknowledgmentCode.Accepted, set.Status);
        Assert.Empty(set.SegmentErrors);
        Assert.Equal((1, 1, 1), (ack.TransactionSetsIncluded, ack.TransactionSetsReceived, ack.TransactionSetsAccepted));
    }

    [Fact]
    public void Rejects_a_wrong_segment_count_with_IK5_R_code_4_and_AK9_R()
    {
        var ack = Assert.Single(Claim837SyntaxValidator.Validate(Sample837.Text.Replace("SE*69*", "SE*70*")));
        var set = Assert.Single(ack.TransactionSets);
        Assert.Equal(AcknowledgmentCode.Rejected, set.Status);
        Assert.Equal([TransactionSetResponse999.SegmentCountWrong], set.ErrorCodes);
        Assert.Equal(AcknowledgmentCode.Rejected, ack.GroupStatus);
        Assert.Equal(0, ack.TransactionSetsAccepted);
        Assert.Contains("IK5*R*4~AK9*R*1*1*0~", Acknowledgment999Writer.WriteToString(ack));
    }

    [Fact]
    public void Reports_element_errors_with_their_segment_position()
    {
        var x12 = Sample837.Text.Replace("SV1*HC:85025*150*", "SV1*HC:85025*15O*").Replace("DTP*472*D8*20240305~", "DTP*472*D8*20240235~");
        var set = Assert.Single(Assert.Single(Claim837SyntaxValidator.Validate(x12)).TransactionSets);
        Assert.Equal(2, set.SegmentErrors.Count);
        var charge = set.SegmentErrors[0];
        Assert.Equal(("SV1", 29, "2400", SegmentError999.HasDataElementErrors), (charge.SegmentId, charge.Position, charge.LoopId, charge.ErrorCode));
        Assert.Equal(new ElementError999 { ElementPosition = 2, ErrorCode = ElementError999.InvalidCharacter, BadData = "15O" }, Assert.Single(charge.ElementErrors));
        Assert.Equal(ElementError999.InvalidDate, Assert.Single(set.SegmentErrors[1].ElementErrors).ErrorCode);
        Assert.Equal([TransactionSetResponse999.OneOrMoreSegmentsInError], set.ErrorCodes);
    }

    [Fact]
    public void Reports_an_unrecognized_segment_and_a_wrong_group_count()
    {
        var ack = Assert.Single(Claim837SyntaxValidator.Validate(Sample837.Text.Replace("REF*G1*AUTH-778~", "ZZZ*G1*AUTH-778~").Replace("GE*1*42~", "GE*2*42~")));
        Assert.Equal(SegmentError999.UnrecognizedSegment, Assert.Single(Assert.Single(ack.TransactionSets).SegmentErrors).ErrorCode);
        Assert.Equal(["5"], ack.GroupErrorCodes);
        Assert.Equal(2, ack.TransactionSetsIncluded);
    }

    [Fact]
    public void Reads_back_the_999_it_writes()
    {
        var x12 = Sample837.Text.Replace("SV1*HC:85025*150*", "SV1*HC:85025*15O*").Replace("SE*69*", "SE*70*");
        var ack = Assert.Single(Claim837SyntaxValidator.Validate(x12)) with { Envelope = Envelope(X12Versions.AcknowledgmentGroup, X12Versions.FunctionalAcknowledgment999) };
        var written = Acknowledgment999Writer.WriteToString(ack);
        Assert.Contains("IK3*SV1*29*2400*8~IK4*2**6*15O~IK5*R*4*5~", written);
        Assert.Equal(ack, Assert.Single(Acknowledgment999Reader.Parse(written)));
    }

    internal static ClaimAcknowledgment277 Acknowledgment277()
    {
        var provider = EntityName.Organization("RIVERSIDE FAMILY MEDICINE", "XX", "1234567893");
        var date = new DateOnly(2024, 3, 15);
        return new ClaimAcknowledgment277
        {
            Envelope = Envelope(X12Versions.ClaimStatusGroup, X12Versions.ClaimAcknowledgment277),
            ReferenceId = "BATCH-0042",
            Created = new DateTime(2024, 3, 15, 9, 45, 0),
            InformationSource = EntityName.Organization("CLEARINGHOUSE INC", "PI", "CH0001"),
            ReceiptDate = date,
            ProcessDate = date,
            InformationReceiver = EntityName.Organization("RIVERSIDE FAMILY MEDICINE", "46", "RFM001"),
            Claims =
            [
                new ClaimStatus277
                {
                    BillingProvider = provider, PatientName = new PersonName("DOE", "JANE"), MemberId = "MEM123", PatientControlNumber = "PCN-1001",
                    Statuses = [new ClaimStatusDetail { Category = ClaimStatusDetail.AcceptedForAdjudication, StatusCode = "20", EntityCode = "PR", EffectiveDate = date, ActionCode = "WQ", ChargeAmount = 300m }],
                    PayerClaimControlNumber = "ACME-CLAIM-1", ClearinghouseTraceNumber = "CH-778", ServiceDateFrom = new DateOnly(2024, 3, 1), ServiceDateTo = new DateOnly(2024, 3, 1),
                },
                new ClaimStatus277
                {
                    BillingProvider = provider, PatientName = new PersonName("ROE", "EMMA"), PatientControlNumber = "PCN-1002",
                    Statuses =
                    [
                        new ClaimStatusDetail { Category = ClaimStatusDetail.RejectedInvalidInformation, StatusCode = "33", EntityCode = "IL", EffectiveDate = date, ActionCode = "U", ChargeAmount = 85m, Message = "SUBSCRIBER NOT FOUND" },
                        new ClaimStatusDetail { Category = ClaimStatusDetail.RejectedInvalidInformation, StatusCode = "21", EntityCode = "IL", EffectiveDate = date },
                    ],
                    ServiceDateFrom = new DateOnly(2024, 3, 5), ServiceDateTo = new DateOnly(2024, 3, 7),
                },
            ],
        };
    }

    [Fact]
    public void Writes_a_277CA_with_the_hierarchy_of_the_guide()
    {
        var written = ClaimAcknowledgment277Writer.WriteToString(Acknowledgment277());
        Assert.Contains("HL*1**20*1~NM1*PR*2*CLEARINGHOUSE INC*****PI*CH0001~TRN*1*BATCH-0042~DTP*050*D8*20240315~DTP*009*D8*20240315~", written);
        Assert.Contains("HL*2*1*21*1~NM1*41*2*RIVERSIDE FAMILY MEDICINE*****46*RFM001~TRN*2*BATCH-0042~QTY*90*1~QTY*AA*1~AMT*YU*300~AMT*YY*85~", written);
        Assert.Contains("HL*3*2*19*1~NM1*85*2*RIVERSIDE FAMILY MEDICINE*****XX*1234567893~", written);
        Assert.Contains("HL*4*3*PT~NM1*QC*1*DOE*JANE****MI*MEM123~TRN*2*PCN-1001~STC*A2:20:PR*20240315*WQ*300~REF*1K*ACME-CLAIM-1~REF*D9*CH-778~DTP*472*D8*20240301~", written);
        Assert.Contains("STC*A7:33:IL*20240315*U*85********SUBSCRIBER NOT FOUND~", written);
        Assert.Contains("DTP*472*RD8*20240305-20240307~", written);
    }

    [Fact]
    public void Reads_back_the_277CA_it_writes()
    {
        var acknowledgment = Acknowledgment277();
        var read = Assert.Single(ClaimAcknowledgment277Reader.Parse(ClaimAcknowledgment277Writer.WriteToString(acknowledgment)));
        Assert.Equal(acknowledgment, read);
        Assert.True(read.Claims[0].IsAccepted);
        Assert.True(read.Claims[1].IsRejected);
    }

    [Fact]
    public void A_clearinghouses_277CA_names_its_source_AY_and_reads_back_as_a_receipt_not_an_acceptance()
    {
        // X214 2100A NM101: AY clearinghouse, PR payer; STC01-1 A1 is a receipt, only A2 accepts into adjudication.
        var date = new DateOnly(2024, 3, 15);
        var receipt = Acknowledgment277() with
        {
            InformationSourceEntityCode = ClaimAcknowledgment277.Clearinghouse,
            Claims = [Acknowledgment277().Claims[0] with
            {
                Statuses = [new ClaimStatusDetail { Category = ClaimStatusDetail.Received, StatusCode = "19", EntityCode = "PR", EffectiveDate = date, ActionCode = "WQ", ChargeAmount = 300m }],
                PayerClaimControlNumber = null,
            }],
        };
        var written = ClaimAcknowledgment277Writer.WriteToString(receipt);
        Assert.Contains("HL*1**20*1~NM1*AY*2*CLEARINGHOUSE INC*****PI*CH0001~", written);

        var read = Assert.Single(ClaimAcknowledgment277Reader.Parse(written));
        Assert.Equal(receipt, read);
        Assert.True(read.IsFromClearinghouse);
        Assert.True(read.Claims[0].IsReceived);
        Assert.False(read.Claims[0].IsAccepted);
        Assert.False(Assert.Single(ClaimAcknowledgment277Reader.Parse(ClaimAcknowledgment277Writer.WriteToString(Acknowledgment277()))).IsFromClearinghouse);
    }

    [Theory]
    [InlineData(AcknowledgmentCode.RejectedMacFailed, "M")]
    [InlineData(AcknowledgmentCode.RejectedAssuranceFailed, "W")]
    [InlineData(AcknowledgmentCode.RejectedContentNotAnalysed, "X")]
    public void A_group_whose_every_transaction_set_was_rejected_for_one_security_reason_carries_that_code_in_AK901(AcknowledgmentCode code, string written)
    {
        // X231A1 AK901 takes the IK501 codes M, W and X as well as R; a group mixing them with an acceptance is P.
        TransactionSetResponse999 Set(string control, AcknowledgmentCode status) => new() { TransactionSetId = "837", ControlNumber = control, Status = status };
        var envelope = Envelope(X12Versions.AcknowledgmentGroup, X12Versions.FunctionalAcknowledgment999);

        var all = FunctionalAcknowledgment999.Summarize(envelope, "HC", 42, "005010X222A1", [Set("0001", code), Set("0002", code)]);
        var mixed = FunctionalAcknowledgment999.Summarize(envelope, "HC", 42, "005010X222A1", [Set("0001", code), Set("0002", AcknowledgmentCode.Rejected)]);
        var partial = FunctionalAcknowledgment999.Summarize(envelope, "HC", 42, "005010X222A1", [Set("0001", code), Set("0002", AcknowledgmentCode.Accepted)]);

        Assert.Equal((code, 0), (all.GroupStatus, all.TransactionSetsAccepted));
        Assert.Contains($"IK5*{written}~AK2*837*0002~IK5*{written}~AK9*{written}*2*2*0~", Acknowledgment999Writer.WriteToString(all));
        Assert.Equal(all, Assert.Single(Acknowledgment999Reader.Parse(Acknowledgment999Writer.WriteToString(all))));
        Assert.Equal(AcknowledgmentCode.Rejected, mixed.GroupStatus);
        Assert.Equal(AcknowledgmentCode.PartiallyAccepted, partial.GroupStatus);
    }

    [Fact]
    public void Rejects_a_277CA_patient_level_outside_a_provider() =>
        Assert.Equal("HL", Assert.Throws<X12ParseException>(() => ClaimAcknowledgment277Reader.Parse(
            ClaimAcknowledgment277Writer.WriteToString(Acknowledgment277()).Replace("HL*4*3*PT~", "HL*4*2*PT~"))).SegmentId);
}

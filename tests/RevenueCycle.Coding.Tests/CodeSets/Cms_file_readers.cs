using RevenueCycle.Coding.CodeSets;

namespace RevenueCycle.Coding.Tests.CodeSets;

public sealed class Cms_file_readers
{
    [Fact]
    public void The_order_file_gives_dotted_codes_their_header_flag_and_both_descriptions()
    {
        using var reader = TestFiles.Open("icd10cm_order_2025_sample.txt");
        var records = Icd10CmOrderFileReader.Read(reader, "order").ToList();

        Assert.Equal(10, records.Count);
        var e11 = records.Single(r => r.Code == "E11");
        Assert.False(e11.Billable);
        var sprain = records.Single(r => r.Code == "S93.401A");
        Assert.True(sprain.Billable);
        Assert.Equal("Sprain of unsp ligament of right ankle, init encntr", sprain.ShortDescription);
        Assert.Equal("Sprain of unspecified ligament of right ankle, initial encounter", sprain.LongDescription);
        Assert.Equal(9, sprain.OrderNumber);
        Assert.Equal(9, sprain.LineNumber);
    }

    [Theory]
    [InlineData("0000X E11     0 Type 2 diabetes mellitus                                     Type 2 diabetes mellitus", "order number")]
    [InlineData("00004 I10     2 Essential (primary) hypertension                             Essential (primary) hypertension", "header flag")]
    [InlineData("00004 I.10    1 Essential (primary) hypertension                             Essential (primary) hypertension", "not an ICD-10-CM code")]
    [InlineData("00004 I10 1 Essential (primary) hypertension", "characters")]
    public void A_broken_order_file_line_is_reported_with_its_number(string broken, string reason)
    {
        var error = Assert.Throws<CodeSetFormatException>(() => Icd10CmOrderFileReader.Read(TestFiles.WithLine("icd10cm_order_2025_sample.txt", 4, broken), "order").ToList());
        Assert.Equal(4, error.LineNumber);
        Assert.Contains(reason, error.Reason);
    }

    // The sample is laid out from the CMS HCPCS record layout ("HCPCS Contractor Record", 320 characters): code 1-5,
    // on a modifier record filler 1-3 and the modifier in 4-5; sequence 6-10; record identification 11 (3/4 procedure,
    // 7/8 modifier, the second of each a further line of the long description); long description 12-91; short
    // description 92-119; added, action effective and termination dates 269-292; action code 293.
    [Fact]
    public void The_hcpcs_file_gives_procedure_codes_and_modifiers_with_their_joined_descriptions()
    {
        using var reader = TestFiles.Open("HCPC2025_JAN_ANWEB_sample.txt");
        var records = HcpcsFileReader.Read(reader, "hcpcs").ToList();

        Assert.Equal(["AB", "CP", "KX"], records.Where(r => r.Kind == HcpcsRecordKind.Modifier).Select(r => r.Code));
        Assert.Equal(["A4206", "G0438", "G0439", "G2012", "J1885"], records.Where(r => r.Kind == HcpcsRecordKind.Procedure).Select(r => r.Code));
        var audiology = records.Single(r => r.Code == "AB");
        Assert.Equal("Audiology service furnished personally by an audiologist without a physician/npp order for non-acute hearing assessment", audiology.LongDescription);
        Assert.Equal("Audiology svc no order", audiology.ShortDescription);
        Assert.Equal(CodeSystem.HcpcsModifier, audiology.System);
        Assert.Null(audiology.TerminationDate);
        Assert.Equal(new DateOnly(2017, 12, 31), records.Single(r => r.Code == "CP").TerminationDate);
        var awv = records.Single(r => r.Code == "G0438");
        Assert.Equal("Annual wellness visit; includes a personalized prevention plan of service (pps), initial visit", awv.LongDescription);
        Assert.Equal("Ppps, initial visit", awv.ShortDescription);
        Assert.Equal(CodeSystem.Hcpcs, awv.System);
        Assert.Equal(7, awv.LineNumber);
    }

    [Theory]
    [InlineData("KX   001007", "columns 1–3 blank")]
    [InlineData("   K#001007", "columns 1–3 blank")]
    [InlineData("   AB002008", "does not follow its first record")]
    public void A_broken_hcpcs_modifier_record_is_reported_with_its_number(string columns1To11, string reason)
    {
        var line = (columns1To11 + "Requirements specified in the medical policy have been met").PadRight(91) + "Documentation on file".PadRight(28);
        var error = Assert.Throws<CodeSetFormatException>(() => HcpcsFileReader.Read(TestFiles.WithLine("HCPC2025_JAN_ANWEB_sample.txt", 6, line), "hcpcs").ToList());
        Assert.Equal(6, error.LineNumber);
        Assert.Contains(reason, error.Reason);
    }

    [Fact]
    public void A_hcpcs_continuation_without_its_first_record_is_reported()
    {
        var broken = "J9999" + "00020" + "4" + "orphan continuation".PadRight(80);
        var error = Assert.Throws<CodeSetFormatException>(() => HcpcsFileReader.Read(TestFiles.WithLine("HCPC2025_JAN_ANWEB_sample.txt", 8, broken), "hcpcs").ToList());
        Assert.Equal(8, error.LineNumber);
    }

    [Fact]
    public void The_ptp_table_skips_its_headings_and_reads_dates_flags_and_indicators()
    {
        using var reader = TestFiles.Open("ccipra_v311_sample.txt");
        var records = NcciPtpFileReader.Read(reader, "ptp").ToList();

        Assert.Equal(4, records.Count);
        Assert.Equal(4, records[0].LineNumber);
        var ecg = records.Single(r => r.Edit.Column2 == "93010").Edit;
        Assert.True(ecg.InExistencePriorTo1996);
        Assert.Null(ecg.DeletionDate);
        Assert.Equal(PtpModifierIndicator.NotAllowed, ecg.ModifierIndicator);
        var deleted = records.Single(r => r.Edit.Column2 == "93040").Edit;
        Assert.Equal(new DateOnly(2019, 12, 31), deleted.DeletionDate);
        Assert.Equal(PtpModifierIndicator.NotApplicable, deleted.ModifierIndicator);
    }

    [Theory]
    [InlineData("96372\t99213\t\t20150101\t*\t2\tStandards", "modifier indicator")]
    [InlineData("96372\t99213\t\t2015-01-01\t*\t1\tStandards", "YYYYMMDD")]
    [InlineData("96372\t99213\t\t20150101", "7 tab-separated")]
    [InlineData("96372\tXYZ\t\t20150101\t*\t1\tStandards", "not CPT or HCPCS")]
    public void A_broken_ptp_line_is_reported_with_its_number(string broken, string reason)
    {
        var error = Assert.Throws<CodeSetFormatException>(() => NcciPtpFileReader.Read(TestFiles.WithLine("ccipra_v311_sample.txt", 5, broken), "ptp").ToList());
        Assert.Equal(5, error.LineNumber);
        Assert.Contains(reason, error.Reason);
    }

    [Fact]
    public void The_mue_table_reads_values_and_adjudication_indicators()
    {
        using var reader = TestFiles.Open("MCR_MUE_PractitionerServices_sample.txt");
        var records = MueFileReader.Read(reader, "mue").ToList();

        Assert.Equal(3, records.Count);
        Assert.Equal(new MueEdit("36415", 1, MueAdjudicationIndicator.DateOfServicePolicy, "CMS Policy"), records[0].Edit);
        Assert.Equal(MueAdjudicationIndicator.ClaimLine, records[2].Edit.AdjudicationIndicator);
    }

    [Fact]
    public void A_broken_mue_line_is_reported_with_its_number()
    {
        var error = Assert.Throws<CodeSetFormatException>(() => MueFileReader.Read(TestFiles.WithLine("MCR_MUE_PractitionerServices_sample.txt", 4, "96372\tfour\t3 Date of Service Edit: Clinical\tClinical: Data"), "mue").ToList());
        Assert.Equal(4, error.LineNumber);
    }
}

using RevenueCycle.Contracts.Registration;
using RevenueCycle.Registration.Eligibility;
using RevenueCycle.X12.Eligibility;

namespace RevenueCycle.Registration.Tests;

/// <summary>The 270 a coverage's check sends: who is asked about, at which level, for which service type.</summary>
public sealed class Writing_a_270_for_a_visit
{
    static readonly DateOnly ServiceDate = new(2026, 11, 20);
    static readonly Address Home = new("1 Main St", null, "Springfield", "IL", "627011234");
    static readonly PayerInfo Payer = new(Guid.NewGuid(), "Simulated Commercial", "SIMCI1", "CI", 180, "simulator");
    static readonly PracticeProfile Practice = new("Springfield Family Medicine", "1234567893", "123456789", "207Q00000X", Home, null);
    static readonly Subscriber Ada = new("Ada", "Lovelace", new DateOnly(1980, 12, 10), "F", Home);
    static readonly Subscriber Byron = new("Byron", "Lovelace", new DateOnly(2015, 3, 1), "M", Home);

    static Contracts.Registration.Coverage ChildOfAda(string? patientMemberId = null) =>
        new(Guid.NewGuid(), Payer, "MEM123456", "GRP1", "primary", "child", Ada, new DateOnly(2026, 1, 1), null) { PatientMemberId = patientMemberId };

    static List<string> Segments(EligibilityInquiry270 inquiry) =>
        Eligibility270Writer.WriteToString(inquiry).Split('~', StringSplitOptions.RemoveEmptyEntries).Select(s => s.Trim()).ToList();

    static EligibilityInquiry270 Inquiry(Contracts.Registration.Coverage coverage, Subscriber patient, string serviceType = "30", PracticeProfile? practice = null) =>
        EligibilityExchange.Inquiry("RCM0123456789AB", 42, Guid.NewGuid(), practice ?? Practice, coverage, patient, ServiceDate, serviceType, new DateTime(2026, 11, 20, 12, 0, 0));

    // X279A1 2000D/2100D: a dependent known to the payer only by the subscriber's member id is asked about at the
    // dependent level (HL 23, NM1*03 without an id), under the subscriber (2100C NM1*IL with the member id); the
    // trace (2000D TRN), the date and the question (2110D EQ) are the dependent's.
    [Fact]
    public void A_child_without_a_member_id_of_their_own_is_asked_about_in_the_dependent_loop()
    {
        var segments = Segments(Inquiry(ChildOfAda(), Byron, "98"));
        var ids = segments.Select(s => s.Split('*')[0]).ToList();
        Assert.Equal(["ISA", "GS", "ST", "BHT", "HL", "NM1", "HL", "NM1", "HL", "NM1", "DMG", "HL", "TRN", "NM1", "DMG", "DTP", "EQ", "SE", "GE", "IEA"], ids);
        Assert.Contains("HL*3*2*22*1", segments);
        Assert.Contains("NM1*IL*1*Lovelace*Ada****MI*MEM123456", segments);
        Assert.Contains("DMG*D8*19801210*F", segments);
        Assert.Contains("HL*4*3*23*0", segments);
        Assert.Contains("NM1*03*1*Lovelace*Byron", segments);
        Assert.Contains("DMG*D8*20150301*M", segments);
        Assert.Contains("EQ*98", segments);
    }

    // X279A1 1.4.7 and the 2100C notes: a dependent with a unique member id of their own is the subscriber of the
    // inquiry — 2100C carries the patient and their id, and there is no 2000D.
    [Fact]
    public void A_child_with_a_member_id_of_their_own_is_asked_about_as_the_subscriber()
    {
        var segments = Segments(Inquiry(ChildOfAda(patientMemberId: "MEM123456-02"), Byron));
        Assert.Contains("NM1*IL*1*Lovelace*Byron****MI*MEM123456-02", segments);
        Assert.Contains("DMG*D8*20150301*M", segments);
        Assert.DoesNotContain(segments, s => s.StartsWith("HL*4", StringComparison.Ordinal));
        Assert.DoesNotContain(segments, s => s.StartsWith("NM1*03", StringComparison.Ordinal));
    }

    // X279A1 2100B NM102: 1 person, 2 non-person entity — the practice's stated NPI entity type, since the NPI
    // itself is intelligence-free (CMS NPPES); a practice NPI beginning with 1 is still an organisation's.
    [Fact]
    public void The_information_receiver_is_the_entity_type_the_practice_states_not_the_npis_first_digit()
    {
        var self = new Contracts.Registration.Coverage(Guid.NewGuid(), Payer, "MEM123456", "GRP1", "primary", "self", Ada, new DateOnly(2026, 1, 1), null);
        Assert.Contains("NM1*1P*2*Springfield Family Medicine*****XX*1234567893", Segments(Inquiry(self, Ada)));
        var solo = Practice with { NpiEntityType = 1, Name = "Lovelace" };
        Assert.Contains("NM1*1P*1*Lovelace*****XX*1234567893", Segments(Inquiry(self, Ada, practice: solo)));
    }

    // An office visit (place of service 11) asks about 98, professional (physician) visit - office; anything
    // else about 30, health benefit plan coverage, which every payer must answer (X279A1 1.4.7.1).
    [Theory]
    [InlineData("11", "98")]
    [InlineData("22", "30")]
    [InlineData("02", "30")]
    [InlineData(null, "30")]
    public void The_service_type_asked_about_follows_the_place_of_service(string? placeOfService, string serviceType) =>
        Assert.Equal(serviceType, VisitServiceType.ForPlaceOfService(placeOfService));
}

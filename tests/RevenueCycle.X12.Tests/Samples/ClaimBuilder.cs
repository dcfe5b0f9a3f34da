using RevenueCycle.X12.Claims;

namespace RevenueCycle.X12.Tests.Samples;

/// <summary>Builds 837P claims and batches for tests: small, valid defaults that a test changes with <c>with</c>.</summary>
public static class ClaimBuilder
{
    public static readonly X12Envelope Envelope = new(
        new InterchangeHeader { SenderId = "RIVERSIDEFM", ReceiverId = "CLEARINGHOUSE", Created = new DateTime(2024, 3, 15, 9, 30, 0), ControlNumber = 42 },
        new FunctionalGroupHeader
        {
            FunctionalIdentifierCode = X12Versions.ClaimGroup, ApplicationSenderCode = "RIVERSIDEFM", ApplicationReceiverCode = "CLEARINGHOUSE",
            Created = new DateTime(2024, 3, 15, 9, 30, 0), ControlNumber = 42, Version = X12Versions.ProfessionalClaim837,
        },
        "0001");

    public static readonly BillingProvider837 Riverside = new()
    {
        OrganizationName = "RIVERSIDE FAMILY MEDICINE", Npi = "1234567893", TaxonomyCode = "207Q00000X", TaxId = "371234567",
        Address = new Address { Line1 = "12 MAIN ST", City = "SPRINGFIELD", State = "IL", PostalCode = "627010000" },
    };

    public static readonly BillingProvider837 Lakeside = Riverside with { OrganizationName = "LAKESIDE CLINIC", Npi = "1245319599", TaxId = "371234999" };

    public static readonly Payer837 Acme = new() { Name = "ACME HEALTH PLAN", PayerId = "ACME01" };

    public static Subscriber837 Subscriber(int number) => new()
    {
        GroupNumber = "GRP100", ClaimFilingCode = "CI", Name = new PersonName("DOE", $"JANE{number}"), MemberId = $"MEM{number}",
        Address = new Address { Line1 = "45 OAK AVE", City = "SPRINGFIELD", State = "IL", PostalCode = "627020000" },
        BirthDate = new DateOnly(1980, 5, 12), Gender = Gender.Female,
    };

    public static Claim837 Claim(int number) => new()
    {
        BillingProvider = Riverside,
        Subscriber = Subscriber(number),
        Payer = Acme,
        PatientControlNumber = $"PCN{number:0000}",
        TotalCharge = 230m,
        PlaceOfService = "11",
        Diagnoses = ["J449", "E119"],
        Lines =
        [
            new ServiceLine837 { Procedure = ProcedureCode.Cpt("99214", "25"), ChargeAmount = 180m, DiagnosisPointers = [1, 2], ServiceDate = new DateOnly(2024, 3, 1), LineItemControlNumber = $"L{number}-1" },
            new ServiceLine837 { Procedure = ProcedureCode.Cpt("80053"), ChargeAmount = 50m, Units = 2, ServiceDate = new DateOnly(2024, 3, 1) },
        ],
    };

    public static ClaimBatch837 Batch(params Claim837[] claims) => new()
    {
        Envelope = Envelope,
        OriginatorReference = "BATCH-0042",
        Created = new DateTime(2024, 3, 15, 9, 30, 0),
        Submitter = EntityName.Organization("RIVERSIDE FAMILY MEDICINE", "46", "RFM001"),
        SubmitterContact = new Contact { FunctionCode = "IC", Name = "BILLING OFFICE", Numbers = [new CommunicationNumber("TE", "2175550100")] },
        Receiver = EntityName.Organization("CLEARINGHOUSE INC", "46", "CH0001"),
        Claims = claims.ToValueList(),
    };
}

using RevenueCycle.Claims.Building;
using RevenueCycle.Contracts.Registration;

namespace RevenueCycle.Claims.Tests;

/// <summary>A clean claim that passes every scrubber rule; a test breaks one thing with <c>with</c>.</summary>
public static class ClaimBuilder
{
    public static readonly DateOnly Today = new(2025, 6, 30);
    public static readonly DateOnly DateOfService = new(2025, 6, 2);

    public static readonly PracticeProfile Practice = new("Riverside Family Medicine", "1234567893", "371234567", "207Q00000X",
        new Address("12 Main St", null, "Springfield", "IL", "627010000"), "217-555-0100");

    public static readonly PayerInfo Acme = new(Guid.CreateVersion7(), "Acme Health", "ACME01", "CI", 90, "simulator");

    public static Coverage Coverage(string priority = "primary", PayerInfo? payer = null) => new(
        Guid.CreateVersion7(), payer ?? Acme, "MEM123", "GRP1", priority, "self",
        new Subscriber("Jane", "Doe", new DateOnly(1980, 5, 12), "F", new Address("45 Oak Ave", null, "Springfield", "IL", "62702")),
        new DateOnly(2025, 1, 1), null);

    public static ClaimData Claim() => new()
    {
        Patient = new PatientInfo(Guid.CreateVersion7(), "MRN1", "Jane", "Doe", new DateOnly(1980, 5, 12), "F",
            new Address("45 Oak Ave", null, "Springfield", "IL", "62702"), null),
        RenderingProvider = new ProviderInfo(Guid.CreateVersion7(), "1987654328", "John", "Smith", "207R00000X"),
        Practice = Practice,
        Coverage = Coverage(),
        DateOfService = DateOfService,
        PlaceOfService = "11",
        Diagnoses = ["E11.9", "I10"],
        Lines =
        [
            new ClaimLine(1, "99214", ["25"], 1, [1, 2], 180m),
            new ClaimLine(2, "80053", [], 2, [1], 50m),
        ],
    };

    public static ClaimRow Row(ClaimData data, string pcn = "RC0000001", int frequency = 1, string responsibility = "primary", string? payerClaimNumber = null) => new()
    {
        Id = Guid.CreateVersion7(), TenantId = Guid.CreateVersion7(), EncounterId = Guid.CreateVersion7(), PatientId = data.Patient.Id,
        PatientControlNumber = pcn, Frequency = frequency, Responsibility = responsibility, PayerClaimNumber = payerClaimNumber,
        PayerRef = data.Coverage.Payer.Id, PayerId = data.Coverage.Payer.PayerId, PayerName = data.Coverage.Payer.Name, Route = "simulator",
        DateOfService = data.DateOfService, TotalCharge = data.TotalCharge, Status = ClaimStatus.Ready,
    };
}

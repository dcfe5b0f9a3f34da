using RevenueCycle.Claims.Building;
using RevenueCycle.Contracts.Payments;
using RevenueCycle.Contracts.Registration;
using RevenueCycle.X12;
using RevenueCycle.X12.Claims;
using Address = RevenueCycle.X12.Address;

namespace RevenueCycle.Claims.Submission;

/// <summary>A claim as the 837P carries it (loop 2300 with its provider, subscriber, patient and payer).</summary>
public static class Claim837Mapping
{
    public static Claim837 ToClaim837(ClaimRow claim, ClaimData data)
    {
        var practice = data.Practice ?? throw new InvalidOperationException("The claim has no billing provider.");
        var coverage = data.Coverage;
        var self = coverage.Relationship is "self";
        var billing = new BillingProvider837
        {
            OrganizationName = practice.Name, Npi = practice.Npi, TaxonomyCode = practice.Taxonomy, TaxId = practice.TaxId.Replace("-", ""),
            Address = Map(practice.Address),
        };
        return new Claim837
        {
            BillingProvider = billing,
            Subscriber = new Subscriber837
            {
                Responsibility = Responsibility(claim.Responsibility),
                GroupNumber = coverage.GroupNumber,
                ClaimFilingCode = coverage.Payer.ClaimFilingCode,
                Name = self ? new PersonName(data.Patient.LastName, data.Patient.FirstName) : new PersonName(coverage.Subscriber.LastName, coverage.Subscriber.FirstName),
                MemberId = coverage.MemberId,
                // 2010BA N3/N4 and DMG are sent when the subscriber is the patient (X222A1 2010BA notes).
                Address = self ? Map(data.Patient.Address) : null,
                BirthDate = self ? data.Patient.DateOfBirth : null,
                Gender = self ? Gender(data.Patient.Sex) : null,
            },
            Payer = new Payer837 { Name = coverage.Payer.Name, PayerId = coverage.Payer.PayerId },
            Patient = self ? null : new Patient837
            {
                RelationshipToSubscriber = coverage.Relationship switch { "spouse" => Patient837.Spouse, "child" => Patient837.Child, _ => "G8" },
                Name = new PersonName(data.Patient.LastName, data.Patient.FirstName),
                Address = Map(data.Patient.Address),
                BirthDate = data.Patient.DateOfBirth,
                Gender = Gender(data.Patient.Sex),
            },
            PatientControlNumber = claim.PatientControlNumber,
            TotalCharge = data.TotalCharge,
            PlaceOfService = data.PlaceOfService,
            Frequency = (ClaimFrequency)claim.Frequency,
            PriorAuthorization = string.IsNullOrWhiteSpace(data.PriorAuthorizationNumber) ? null : data.PriorAuthorizationNumber,
            PayerClaimControlNumber = claim.Frequency is 7 or 8 ? claim.PayerClaimNumber : null,
            Diagnoses = data.Diagnoses.Select(d => d.Replace(".", "")).ToValueList(),
            RenderingProvider = data.RenderingProvider.Npi == practice.Npi ? null : new RenderingProvider837
            {
                Name = new PersonName(data.RenderingProvider.LastName, data.RenderingProvider.FirstName),
                Npi = data.RenderingProvider.Npi,
                TaxonomyCode = data.RenderingProvider.Taxonomy,
            },
            OtherPayers = OtherPayers(data),
            Lines = data.Lines.Select(l => new ServiceLine837
            {
                Procedure = ProcedureCode.Cpt(l.ProcedureCode, [.. l.Modifiers]),
                ChargeAmount = l.Charge ?? 0m,
                Units = l.Units,
                DiagnosisPointers = l.DiagnosisPointers.ToValueList(),
                ServiceDate = data.DateOfService,
                LineItemControlNumber = $"{claim.PatientControlNumber}-{l.LineNumber}",
                Adjudications = data.PriorPayer?.Lines.FirstOrDefault(p => p.LineNumber == l.LineNumber) is { } line
                    ? [new LineAdjudication837
                    {
                        PayerId = data.PriorPayer.Coverage.Payer.PayerId, PaidAmount = line.Paid,
                        Procedure = ProcedureCode.Cpt(l.ProcedureCode, [.. l.Modifiers]), Units = l.Units,
                        Adjustments = line.Adjustments.Select(Map).ToValueList(), AdjudicationDate = data.PriorPayer.PaymentDate,
                    }]
                    : [],
            }).ToValueList(),
        };
    }

    /// <summary>
    /// 2320/2330: every other payer known to be involved in paying for the visit (X222A1: required when other
    /// payers are known to potentially be involved), in the order of benefits. One that has adjudicated the claim
    /// (the primary, on a secondary claim) comes with its payment (AMT*D) and adjustments (CAS); the others, a
    /// primary claim's secondary for instance, with who they are, so the payer can coordinate benefits.
    /// </summary>
    static ValueList<OtherPayer837> OtherPayers(ClaimData data)
    {
        var known = data.OtherCoverages
            .Where(c => c.Id != data.Coverage.Id && c.Id != data.PriorPayer?.Coverage.Id
                && c.EffectiveFrom <= data.DateOfService && (c.EffectiveTo is null || c.EffectiveTo >= data.DateOfService))
            .Select(c => OtherPayer(c, data.Patient));
        var all = data.PriorPayer is { } prior ? known.Prepend(OtherPayer(prior, data.Patient)) : known;
        return all.OrderBy(o => o.Responsibility).Take(X12.Claims.Claim837.MaxOtherPayers).ToValueList();
    }

    static OtherPayer837 OtherPayer(PriorPayment prior, PatientInfo patient) => OtherPayer(prior.Coverage, patient) with
    {
        Adjustments = prior.ClaimAdjustments.Select(Map).ToValueList(),
        PaidAmount = prior.Paid,
    };

    static OtherPayer837 OtherPayer(Coverage c, PatientInfo patient)
    {
        var self = c.Relationship is "self";
        return new OtherPayer837
        {
            Responsibility = Responsibility(c.Priority),
            RelationshipCode = c.Relationship switch { "self" => "18", "spouse" => "01", "child" => "19", _ => "G8" },
            GroupNumber = c.GroupNumber,
            ClaimFilingCode = c.Payer.ClaimFilingCode,
            SubscriberName = self ? new PersonName(patient.LastName, patient.FirstName) : new PersonName(c.Subscriber.LastName, c.Subscriber.FirstName),
            SubscriberMemberId = c.MemberId,
            PayerName = c.Payer.Name,
            PayerId = c.Payer.PayerId,
        };
    }

    static Adjustment Map(PostedAdjustment a) =>
        new(AdjustmentGroupCodes.TryParse(a.Group, out var g) ? g : AdjustmentGroup.Other, a.Carc, a.Amount);

    static PayerResponsibility Responsibility(string priority) => priority switch
    {
        "secondary" => PayerResponsibility.Secondary,
        "tertiary" => PayerResponsibility.Tertiary,
        _ => PayerResponsibility.Primary,
    };

    static Gender Gender(string sex) => sex switch { "F" => X12.Gender.Female, "M" => X12.Gender.Male, _ => X12.Gender.Unknown };

    static Address Map(Contracts.Registration.Address a) => new()
    {
        Line1 = a.Line1, Line2 = string.IsNullOrWhiteSpace(a.Line2) ? null : a.Line2, City = a.City, State = a.State, PostalCode = a.Zip,
    };
}

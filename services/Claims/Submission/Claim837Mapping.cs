using RevenueCycle.Claims.Building;
using RevenueCycle.Contracts.Identifiers;
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
        var individual = practice.NpiEntityType == NpiEntityType.Individual && practice.ProviderLastName is { } last
            ? new PersonName(last, practice.ProviderFirstName)
            : null;
        var billing = new BillingProvider837
        {
            OrganizationName = individual?.LastName ?? practice.Name, Individual = individual, Npi = practice.Npi, TaxonomyCode = practice.Taxonomy,
            TaxId = practice.TaxId.Replace("-", ""),
            // REF*SY only for a person billing under their own NPI (X222A1 2010AA REF01).
            TaxIdQualifier = individual is not null && practice.TaxIdType == TaxIdTypes.Ssn ? BillingProvider837.SocialSecurityNumber : BillingProvider837.EmployerIdentificationNumber,
            Address = Map(practice.Address),
            PayToAddress = practice.PayToAddress is { } payTo ? Map(payTo) : null,
        };
        var adjudicated = data.PriorPayer is { } prior ? [.. data.EarlierPayers, prior] : data.EarlierPayers;
        return new Claim837
        {
            BillingProvider = billing,
            Subscriber = new Subscriber837
            {
                Responsibility = Responsibility(claim.Responsibility),
                GroupNumber = coverage.GroupNumber,
                InsuranceTypeCode = InsuranceTypeCode(coverage),
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
            ServiceFacility = data.ServiceFacility is { } facility
                ? new ServiceFacility837 { Name = facility.Name, Npi = string.IsNullOrWhiteSpace(facility.Npi) ? null : facility.Npi, Address = Map(facility.Address) }
                : null,
            OtherPayers = OtherPayers(data, adjudicated),
            Lines = data.Lines.Select(l => new ServiceLine837
            {
                Procedure = ProcedureCode.Cpt(l.ProcedureCode, [.. l.Modifiers]),
                ChargeAmount = l.Charge ?? 0m,
                Units = l.Units,
                DiagnosisPointers = l.DiagnosisPointers.ToValueList(),
                ServiceDate = data.DateOfService,
                LineItemControlNumber = $"{claim.PatientControlNumber}-{l.LineNumber}",
                // 2430 only for a payer that adjudicated the line (X222A1 2430: this service line has payments and/or adjustments applied).
                Adjudications = adjudicated
                    .SelectMany(payer => payer.Lines.Where(p => p.LineNumber == l.LineNumber).Select(line => new LineAdjudication837
                    {
                        PayerId = payer.Coverage.Payer.PayerId, PaidAmount = line.Paid,
                        Procedure = ProcedureCode.Cpt(l.ProcedureCode, [.. l.Modifiers]), Units = l.Units,
                        Adjustments = line.Adjustments.Select(Map).ToValueList(), AdjudicationDate = payer.PaymentDate,
                        RemainingPatientLiability = line.PatientResponsibility,
                    }))
                    .ToValueList(),
            }).ToValueList(),
        };
    }

    /// <summary>
    /// 2320/2330: every other payer known to be involved in paying for the visit (X222A1: required when other
    /// payers are known to potentially be involved), in the order of benefits. One that has adjudicated the claim
    /// (the primary, on a secondary claim) comes with its payment (AMT*D) and adjustments (CAS); the others, a
    /// primary claim's secondary for instance, with who they are, so the payer can coordinate benefits.
    /// </summary>
    static ValueList<OtherPayer837> OtherPayers(ClaimData data, IReadOnlyList<PriorPayment> adjudicated)
    {
        var known = data.OtherCoverages
            .Where(c => c.Id != data.Coverage.Id && adjudicated.All(a => a.Coverage.Id != c.Id)
                && c.EffectiveFrom <= data.DateOfService && (c.EffectiveTo is null || c.EffectiveTo >= data.DateOfService))
            .Select(c => OtherPayer(c, data.Patient));
        return adjudicated.Select(a => OtherPayer(a, data.Patient)).Concat(known)
            .OrderBy(o => o.Responsibility).Take(X12.Claims.Claim837.MaxOtherPayers).ToValueList();
    }

    static OtherPayer837 OtherPayer(PriorPayment prior, PatientInfo patient) => OtherPayer(prior.Coverage, patient) with
    {
        Adjustments = prior.ClaimAdjustments.Select(Map).ToValueList(),
        PaidAmount = prior.Paid,
        // At claim level only when the payer answered at claim level; otherwise per line in 2430, never both (X222A1; X12 RFI 1391).
        RemainingPatientLiability = prior.Lines.Count == 0 ? prior.PatientResponsibility : null,
    };

    /// <summary>SBR05: why Medicare is not primary, only when the payer is Medicare and not primary (X222A1 2000B/2320 SBR05).</summary>
    static string? InsuranceTypeCode(Coverage c) =>
        MedicareSecondaryPayerTypes.IsMedicare(c.Payer.ClaimFilingCode) && c.Priority is not "primary" ? c.MedicareSecondaryPayerType : null;

    static OtherPayer837 OtherPayer(Coverage c, PatientInfo patient)
    {
        var self = c.Relationship is "self";
        return new OtherPayer837
        {
            Responsibility = Responsibility(c.Priority),
            RelationshipCode = c.Relationship switch { "self" => "18", "spouse" => "01", "child" => "19", _ => "G8" },
            GroupNumber = c.GroupNumber,
            InsuranceTypeCode = InsuranceTypeCode(c),
            ClaimFilingCode = c.Payer.ClaimFilingCode,
            SubscriberName = self ? new PersonName(patient.LastName, patient.FirstName) : new PersonName(c.Subscriber.LastName, c.Subscriber.FirstName),
            SubscriberMemberId = c.MemberId,
            PayerName = c.Payer.Name,
            PayerId = c.Payer.PayerId,
        };
    }

    /// <summary>PER04 with PER03 TE: the practice's ten-digit telephone number (a leading country code 1 dropped), or null when it has none.</summary>
    public static string? ContactPhone(string? phone)
    {
        var digits = phone is null ? "" : new string(phone.Where(char.IsAsciiDigit).ToArray());
        if (digits.Length == 11 && digits[0] == '1') digits = digits[1..];
        return digits.Length == 10 ? digits : null;
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

namespace RevenueCycle.X12.Claims;

/// <summary>
/// Writes 837P batches. Claims are grouped under their billing provider (2000A) and subscriber (2000B),
/// with a patient level (2000C) for dependents; HL ids, parent links and every count come from the writer.
/// </summary>
/// <example>
/// <code>
/// using var file = File.CreateText(path);
/// Claim837Writer.Write(file, new ClaimBatch837 { Envelope = envelope, ..., Claims = claims });
/// </code>
/// </example>
public static class Claim837Writer
{
    private const string BillingProviderLevel = "20";
    private const string SubscriberLevel = "22";
    private const string PatientLevel = "23";
    private const string SelfRelationship = "18";

    public static void Write(TextWriter output, ClaimBatch837 batch, X12WriterOptions? options = null)
    {
        var x12 = new X12Writer(output, options);
        x12.BeginInterchange(batch.Envelope.Interchange);
        x12.BeginFunctionalGroup(batch.Envelope.Group);
        WriteTransactionSet(x12, batch);
        x12.EndFunctionalGroup();
        x12.EndInterchange();
        x12.Flush();
    }

    public static string WriteToString(ClaimBatch837 batch, X12WriterOptions? options = null)
    {
        var text = new StringWriter();
        Write(text, batch, options);
        return text.ToString();
    }

    public static void WriteTransactionSet(X12Writer x12, ClaimBatch837 batch)
    {
        if (batch.Claims.Count == 0)
            throw new ArgumentException("An 837 needs at least one claim.", nameof(batch));
        foreach (var claim in batch.Claims)
            Check(claim);

        x12.BeginTransactionSet("837", batch.Envelope.TransactionSetControlNumber, X12Versions.ProfessionalClaim837);
        // BHT01 0019 information source, receiver, provider and subscriber structure; BHT02 00 original.
        x12.Segment("BHT").Element("0019").Element("00").Element(batch.OriginatorReference)
            .Element(DateOnly.FromDateTime(batch.Created)).Time(TimeOnly.FromDateTime(batch.Created)).Element(batch.TransactionTypeCode);
        batch.Submitter.Write(x12, "41");
        batch.SubmitterContact.Write(x12);
        batch.Receiver.Write(x12, "40");

        foreach (var byProvider in batch.Claims.GroupBy(claim => claim.BillingProvider))
        {
            var providerLevel = x12.BeginHierarchicalLevel(BillingProviderLevel, null, hasChildren: true);
            WriteBillingProvider(x12, byProvider.Key);
            foreach (var bySubscriber in byProvider.GroupBy(claim => (claim.Subscriber, claim.Payer, claim.Patient)))
            {
                var (subscriber, payer, patient) = bySubscriber.Key;
                var subscriberLevel = x12.BeginHierarchicalLevel(SubscriberLevel, providerLevel, hasChildren: patient is not null);
                WriteSubscriber(x12, subscriber, payer, patientIsSubscriber: patient is null);
                if (patient is not null)
                {
                    x12.BeginHierarchicalLevel(PatientLevel, subscriberLevel, hasChildren: false);
                    x12.Segment("PAT").Element(patient.RelationshipToSubscriber);
                    patient.Name.Write(x12, "QC", null, null);
                    patient.Address.Write(x12);
                    Demographics.Write(x12, patient.BirthDate, patient.Gender);
                }
                foreach (var claim in bySubscriber)
                    WriteClaim(x12, claim);
            }
        }
        x12.EndTransactionSet();
    }

    private static void Check(Claim837 claim)
    {
        var pcn = claim.PatientControlNumber;
        if (claim.Lines.Count is 0 or > Claim837.MaxServiceLines)
            throw new ArgumentException($"Claim '{pcn}' has {claim.Lines.Count} service lines; an 837P claim has 1 to {Claim837.MaxServiceLines}.");
        if (claim.Diagnoses.Count is 0 or > Claim837.MaxDiagnosesPerClaim)
            throw new ArgumentException($"Claim '{pcn}' has {claim.Diagnoses.Count} diagnoses; an 837P claim has 1 to {Claim837.MaxDiagnosesPerClaim}.");
        var lineTotal = claim.Lines.Sum(line => line.ChargeAmount);
        if (lineTotal != claim.TotalCharge)
            throw new ArgumentException($"Claim '{pcn}': CLM02 {claim.TotalCharge} must equal the sum of the line charges {lineTotal} (837P 2300 CLM02).");
        if (claim.Frequency is ClaimFrequency.Replacement or ClaimFrequency.Void && claim.PayerClaimControlNumber is null)
            throw new ArgumentException($"Claim '{pcn}' replaces or voids a claim: it needs the payer's claim control number (REF*F8).");
        foreach (var line in claim.Lines)
        {
            if (line.DiagnosisPointers.Count is 0 or > ServiceLine837.MaxDiagnosisPointers)
                throw new ArgumentException($"Claim '{pcn}', line {line.Procedure.Code}: 1 to {ServiceLine837.MaxDiagnosisPointers} diagnosis pointers are required.");
            foreach (var pointer in line.DiagnosisPointers)
                if (pointer < 1 || pointer > claim.Diagnoses.Count)
                    throw new ArgumentException($"Claim '{pcn}', line {line.Procedure.Code}: diagnosis pointer {pointer} points past the {claim.Diagnoses.Count} diagnoses.");
        }
    }

    private static void WriteBillingProvider(X12Writer x12, BillingProvider837 provider)
    {
        if (provider.TaxonomyCode is { } taxonomy)
            x12.Segment("PRV").Element("BI").Element("PXC").Element(taxonomy);
        if (provider.Individual is { } person)
            person.Write(x12, "85", EntityName.NpiQualifier, provider.Npi);
        else
            EntityName.Organization(provider.OrganizationName, EntityName.NpiQualifier, provider.Npi).Write(x12, "85");
        provider.Address.Write(x12);
        x12.Segment("REF").Element(provider.TaxIdQualifier).Element(provider.TaxId);
        if (provider.PayToAddress is { } payTo)
        {
            // 2010AB NM1*87: NM102 only, the name and id are not used (X222A1 2010AB NM1).
            x12.Segment("NM1").Element("87").Element(provider.Individual is null ? "2" : "1");
            payTo.Write(x12);
        }
    }

    private static void WriteSubscriber(X12Writer x12, Subscriber837 subscriber, Payer837 payer, bool patientIsSubscriber)
    {
        x12.Segment("SBR").Element(subscriber.Responsibility.ToCode()).Element(patientIsSubscriber ? SelfRelationship : null)
            .Element(subscriber.GroupNumber).Element(subscriber.GroupName).Element(subscriber.InsuranceTypeCode).Element((string?)null).Element((string?)null)
            .Element((string?)null).Element(subscriber.ClaimFilingCode);
        subscriber.Name.Write(x12, "IL", EntityName.MemberIdQualifier, subscriber.MemberId);
        subscriber.Address?.Write(x12);
        Demographics.Write(x12, subscriber.BirthDate, subscriber.Gender);
        EntityName.Organization(payer.Name, EntityName.PayerIdQualifier, payer.PayerId).Write(x12, "PR");
        payer.Address?.Write(x12);
    }

    private static void WriteClaim(X12Writer x12, Claim837 claim)
    {
        x12.Segment("CLM").Element(claim.PatientControlNumber).Element(claim.TotalCharge).Element((string?)null).Element((string?)null)
            .Composite(claim.PlaceOfService, "B", claim.Frequency.ToCode()) // B: place of service codes for professional services
            .Element(claim.ProviderSignatureOnFile ? "Y" : "N").Element(claim.AssignmentCode).Element(claim.BenefitsAssigned ? "Y" : "N")
            .Element(claim.ReleaseOfInformation);
        // 2300 REF order in X222A1: prior authorization (G1) comes before the payer claim control number (F8).
        if (claim.PriorAuthorization is { } authorization)
            x12.Segment("REF").Element("G1").Element(authorization);
        if (claim.PayerClaimControlNumber is { } payerClaim)
            x12.Segment("REF").Element("F8").Element(payerClaim);
        WriteDiagnoses(x12, claim.Diagnoses);
        if (claim.RenderingProvider is { } rendering)
        {
            rendering.Name.Write(x12, "82", EntityName.NpiQualifier, rendering.Npi);
            if (rendering.TaxonomyCode is { } taxonomy)
                x12.Segment("PRV").Element("PE").Element("PXC").Element(taxonomy);
        }
        if (claim.ServiceFacility is { } facility)
        {
            EntityName.Organization(facility.Name, facility.Npi is null ? null : EntityName.NpiQualifier, facility.Npi).Write(x12, "77");
            facility.Address.Write(x12);
        }
        foreach (var other in claim.OtherPayers)
            WriteOtherPayer(x12, other);
        var lineNumber = 0;
        foreach (var line in claim.Lines)
            WriteLine(x12, line, ++lineNumber);
    }

    /// <summary>HI: ABK for the principal diagnosis, ABF for the others, all in one segment; ICD-10 codes go without their dot.</summary>
    private static void WriteDiagnoses(X12Writer x12, ValueList<string> diagnoses)
    {
        x12.Segment("HI");
        for (var i = 0; i < diagnoses.Count; i++)
            x12.Composite(i == 0 ? "ABK" : "ABF", diagnoses[i].Replace(".", "", StringComparison.Ordinal));
    }

    private static void WriteOtherPayer(X12Writer x12, OtherPayer837 other)
    {
        x12.Segment("SBR").Element(other.Responsibility.ToCode()).Element(other.RelationshipCode).Element(other.GroupNumber)
            .Element((string?)null).Element(other.InsuranceTypeCode).Element((string?)null).Element((string?)null).Element((string?)null).Element(other.ClaimFilingCode);
        Adjustment.WriteCas(x12, other.Adjustments.AsSpan());
        // 2320 AMT order in X222A1: D payer paid, A8 non-covered, EAF remaining patient liability.
        if (other.PaidAmount is { } paid)
            x12.Segment("AMT").Element("D").Element(paid);
        if (other.RemainingPatientLiability is { } remaining)
            x12.Segment("AMT").Element("EAF").Element(remaining);
        // OI03 Y benefits assigned, OI06 Y release of information: required in 2320.
        x12.Segment("OI").Element((string?)null).Element((string?)null).Element("Y").Element((string?)null).Element((string?)null).Element("Y");
        other.SubscriberName.Write(x12, "IL", EntityName.MemberIdQualifier, other.SubscriberMemberId);
        EntityName.Organization(other.PayerName, EntityName.PayerIdQualifier, other.PayerId).Write(x12, "PR");
    }

    private static void WriteLine(X12Writer x12, ServiceLine837 line, int lineNumber)
    {
        x12.Segment("LX").Element(lineNumber);
        x12.Segment("SV1");
        line.Procedure.Write(x12);
        x12.Element(line.ChargeAmount).Element("UN").Element(line.Units).Element(line.PlaceOfService).Element((string?)null);
        var pointers = line.DiagnosisPointers;
        x12.Composite(Pointer(pointers, 0), Pointer(pointers, 1), Pointer(pointers, 2), Pointer(pointers, 3));
        x12.Segment("DTP").Element("472").Element("D8").Element(line.ServiceDate);
        if (line.LineItemControlNumber is { } control)
            x12.Segment("REF").Element("6R").Element(control);
        foreach (var adjudication in line.Adjudications)
        {
            x12.Segment("SVD").Element(adjudication.PayerId).Element(adjudication.PaidAmount);
            adjudication.Procedure.Write(x12);
            x12.Element((string?)null).Element(adjudication.Units);
            Adjustment.WriteCas(x12, adjudication.Adjustments.AsSpan());
            x12.Segment("DTP").Element("573").Element("D8").Element(adjudication.AdjudicationDate);
            if (adjudication.RemainingPatientLiability is { } remaining)
                x12.Segment("AMT").Element("EAF").Element(remaining);
        }
    }

    private static string? Pointer(ValueList<int> pointers, int index) =>
        index < pointers.Count ? pointers[index].ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
}

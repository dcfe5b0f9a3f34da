namespace RevenueCycle.X12.ClaimStatus;

/// <summary>
/// Writes 276 requests (005010X212): HL 20 payer, HL 21 information receiver, then per service provider an HL 19,
/// per claim an HL 22 subscriber (DMG, NM1*IL) and, when the patient is a dependent, an HL 23 (DMG, NM1*QC) holding
/// the claim (2200D/E: TRN*1, REF*1K, REF*EJ, AMT*T3, DTP*472 RD8).
/// </summary>
/// <example>
/// <code>
/// var x12 = ClaimStatus276Writer.WriteToString(new ClaimStatusInquiry276
/// {
///     Envelope = envelope, ReferenceId = "CS1", Created = now, Payer = payer, InformationReceiver = submitter, Claims = [question],
/// });
/// </code>
/// </example>
public static class ClaimStatus276Writer
{
    public static string WriteToString(ClaimStatusInquiry276 inquiry, X12WriterOptions? options = null) =>
        X12Writer.WriteSingleToString(inquiry.Envelope, options, x12 => WriteTransactionSet(x12, inquiry));

    public static void WriteTransactionSet(X12Writer x12, ClaimStatusInquiry276 inquiry)
    {
        if (inquiry.Claims.Count == 0)
            throw new ArgumentException("A 276 asks about at least one claim.", nameof(inquiry));
        x12.BeginTransactionSet("276", inquiry.Envelope.TransactionSetControlNumber, X12Versions.ClaimStatusInquiry276);
        // BHT01 0010 information source, receiver, provider, subscriber, dependent; BHT02 13 request.
        x12.Segment("BHT").Element("0010").Element("13").Element(inquiry.ReferenceId)
            .Element(DateOnly.FromDateTime(inquiry.Created)).Time(TimeOnly.FromDateTime(inquiry.Created));
        var source = x12.BeginHierarchicalLevel(ClaimStatusHierarchy.InformationSource, null, hasChildren: true);
        inquiry.Payer.Write(x12, "PR");
        var receiver = x12.BeginHierarchicalLevel(ClaimStatusHierarchy.InformationReceiver, source, hasChildren: true);
        inquiry.InformationReceiver.Write(x12, "41");
        foreach (var byProvider in inquiry.Claims.GroupBy(claim => claim.ServiceProvider))
        {
            var provider = x12.BeginHierarchicalLevel(ClaimStatusHierarchy.ServiceProvider, receiver, hasChildren: true);
            byProvider.Key.Write(x12, "1P");
            foreach (var claim in byProvider)
            {
                var subscriber = x12.BeginHierarchicalLevel(ClaimStatusHierarchy.Subscriber, provider, hasChildren: claim.Dependent is not null);
                Demographics.Write(x12, claim.SubscriberBirthDate, claim.SubscriberGender);
                claim.Subscriber.Write(x12, "IL", EntityName.MemberIdQualifier, claim.MemberId);
                if (claim.Dependent is { } dependent)
                {
                    x12.BeginHierarchicalLevel(ClaimStatusHierarchy.Dependent, subscriber, hasChildren: false);
                    Demographics.Write(x12, dependent.BirthDate, dependent.Gender);
                    dependent.Name.Write(x12, "QC", null, null);
                }
                x12.Segment("TRN").Element("1").Element(claim.TraceNumber);
                if (claim.PayerClaimControlNumber is { } payerClaim)
                    x12.Segment("REF").Element("1K").Element(payerClaim);
                if (claim.PatientControlNumber is { } patientControl)
                    x12.Segment("REF").Element("EJ").Element(patientControl);
                if (claim.TotalCharge is { } charge)
                    x12.Segment("AMT").Element("T3").Element(charge);
                ServiceDates.Write(x12, claim.ServiceDateFrom, claim.ServiceDateTo, alwaysRange: true);
            }
        }
        x12.EndTransactionSet();
    }
}

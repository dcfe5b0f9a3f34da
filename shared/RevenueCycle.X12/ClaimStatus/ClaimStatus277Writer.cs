namespace RevenueCycle.X12.ClaimStatus;

/// <summary>
/// Writes 277 claim status responses (005010X212): HL 20 payer, HL 21 receiver, HL 19 per service provider, HL 22 per
/// claim's subscriber (and HL 23 for a dependent), each claim's 2200D TRN*2, STC, REF*1K, REF*EJ, DTP*472, then its
/// 2220D service lines (SVC, STC, REF*FJ, DTP*472).
/// </summary>
public static class ClaimStatus277Writer
{
    public static string WriteToString(ClaimStatusResponse277 response, X12WriterOptions? options = null) =>
        X12Writer.WriteSingleToString(response.Envelope, options, x12 => WriteTransactionSet(x12, response));

    public static void WriteTransactionSet(X12Writer x12, ClaimStatusResponse277 response)
    {
        x12.BeginTransactionSet("277", response.Envelope.TransactionSetControlNumber, X12Versions.ClaimStatusResponse277);
        // BHT01 0010; BHT02 08 status; BHT06 DG response.
        x12.Segment("BHT").Element("0010").Element("08").Element(response.ReferenceId)
            .Element(DateOnly.FromDateTime(response.Created)).Time(TimeOnly.FromDateTime(response.Created)).Element("DG");
        var source = x12.BeginHierarchicalLevel(ClaimStatusHierarchy.InformationSource, null, hasChildren: true);
        response.Payer.Write(x12, "PR");
        var receiver = x12.BeginHierarchicalLevel(ClaimStatusHierarchy.InformationReceiver, source, hasChildren: response.Claims.Count > 0);
        response.InformationReceiver.Write(x12, "41");
        foreach (var byProvider in response.Claims.GroupBy(claim => claim.ServiceProvider))
        {
            var provider = x12.BeginHierarchicalLevel(ClaimStatusHierarchy.ServiceProvider, receiver, hasChildren: true);
            byProvider.Key.Write(x12, "1P");
            foreach (var claim in byProvider)
            {
                if (claim.Statuses.Count == 0)
                    throw new ArgumentException($"The 277 answer for trace {claim.TraceNumber} has no STC; X212 2200D requires one.", nameof(response));
                var subscriber = x12.BeginHierarchicalLevel(ClaimStatusHierarchy.Subscriber, provider, hasChildren: claim.Dependent is not null);
                claim.Subscriber.Write(x12, "IL", EntityName.MemberIdQualifier, claim.MemberId);
                if (claim.Dependent is { } dependent)
                {
                    x12.BeginHierarchicalLevel(ClaimStatusHierarchy.Dependent, subscriber, hasChildren: false);
                    dependent.Write(x12, "QC", null, null);
                }
                x12.Segment("TRN").Element("2").Element(claim.TraceNumber);
                foreach (var status in claim.Statuses)
                    WriteStatus(x12, status);
                if (claim.PayerClaimControlNumber is { } payerClaim)
                    x12.Segment("REF").Element("1K").Element(payerClaim);
                if (claim.PatientControlNumber is { } patientControl)
                    x12.Segment("REF").Element("EJ").Element(patientControl);
                ServiceDates.Write(x12, claim.ServiceDateFrom, claim.ServiceDateTo, alwaysRange: false);
                foreach (var line in claim.ServiceLines)
                {
                    x12.Segment("SVC");
                    line.Procedure.Write(x12);
                    x12.Element(line.ChargeAmount).Element(line.PaidAmount).Element((string?)null).Element((string?)null).Element((string?)null).Element(line.Units);
                    foreach (var status in line.Statuses)
                        WriteStatus(x12, status);
                    if (line.LineItemControlNumber is { } lineControl)
                        x12.Segment("REF").Element("FJ").Element(lineControl);
                    ServiceDates.Write(x12, line.ServiceDateFrom, line.ServiceDateTo, alwaysRange: false);
                }
            }
        }
        x12.EndTransactionSet();
    }

    private static void WriteStatus(X12Writer x12, StatusInformation status)
    {
        if (status.AdditionalStatuses.Count > 2)
            throw new ArgumentException("An STC carries at most two further statuses (STC10, STC11).", nameof(status));
        var stc10 = status.AdditionalStatuses.Count > 0 ? status.AdditionalStatuses[0] : null;
        var stc11 = status.AdditionalStatuses.Count > 1 ? status.AdditionalStatuses[1] : null;
        x12.Segment("STC").Composite(status.Status.Category, status.Status.Code, status.Status.EntityCode)
            .Element(status.EffectiveDate).Element((string?)null)
            .Element(status.TotalCharge).Element(status.PaymentAmount).Element(status.AdjudicationDate)
            .Element(status.PaymentMethod).Element(status.CheckIssueDate).Element(status.CheckNumber)
            .Composite(stc10?.Category, stc10?.Code, stc10?.EntityCode)
            .Composite(stc11?.Category, stc11?.Code, stc11?.EntityCode)
            .Element(status.Message);
    }
}

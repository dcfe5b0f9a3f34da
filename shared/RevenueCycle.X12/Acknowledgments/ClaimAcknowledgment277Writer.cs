namespace RevenueCycle.X12.Acknowledgments;

/// <summary>
/// Writes 277CAs with the X214 hierarchy: HL 20 information source, HL 21 receiver (with accepted and
/// rejected totals the writer computes), HL 19 one per billing provider, HL PT one per claim.
/// </summary>
/// <example>
/// <code>
/// var x12 = ClaimAcknowledgment277Writer.WriteToString(ack with
/// {
///     Claims = [new ClaimStatus277 { BillingProvider = provider, PatientName = name, PatientControlNumber = "PCN1", Statuses = [accepted] }],
/// });
/// </code>
/// </example>
public static class ClaimAcknowledgment277Writer
{
    private const string InformationSourceLevel = "20";
    private const string InformationReceiverLevel = "21";
    private const string BillingProviderLevel = "19";
    private const string PatientLevel = "PT";

    public static string WriteToString(ClaimAcknowledgment277 acknowledgment, X12WriterOptions? options = null) =>
        X12Writer.WriteSingleToString(acknowledgment.Envelope, options, x12 => WriteTransactionSet(x12, acknowledgment));

    public static void Write(TextWriter output, ClaimAcknowledgment277 acknowledgment, X12WriterOptions? options = null) =>
        X12Writer.WriteSingle(output, acknowledgment.Envelope, options, x12 => WriteTransactionSet(x12, acknowledgment));

    public static void WriteTransactionSet(X12Writer x12, ClaimAcknowledgment277 acknowledgment)
    {
        x12.BeginTransactionSet("277", acknowledgment.Envelope.TransactionSetControlNumber, X12Versions.ClaimAcknowledgment277);
        // BHT01 0085 information source, receiver, provider, patient; BHT02 08 status; BHT06 TH receipt acknowledgment.
        x12.Segment("BHT").Element("0085").Element("08").Element(acknowledgment.ReferenceId)
            .Element(DateOnly.FromDateTime(acknowledgment.Created)).Time(TimeOnly.FromDateTime(acknowledgment.Created)).Element("TH");
        var source = x12.BeginHierarchicalLevel(InformationSourceLevel, null, hasChildren: true);
        acknowledgment.InformationSource.Write(x12, acknowledgment.InformationSourceEntityCode);
        x12.Segment("TRN").Element("1").Element(acknowledgment.ReferenceId);
        x12.Segment("DTP").Element("050").Element("D8").Element(acknowledgment.ReceiptDate);
        x12.Segment("DTP").Element("009").Element("D8").Element(acknowledgment.ProcessDate);

        var receiver = x12.BeginHierarchicalLevel(InformationReceiverLevel, source, hasChildren: acknowledgment.Claims.Count > 0);
        acknowledgment.InformationReceiver.Write(x12, "41");
        x12.Segment("TRN").Element("2").Element(acknowledgment.ReferenceId);
        WriteTotals(x12, acknowledgment.Claims, "90", "AA");

        foreach (var byProvider in acknowledgment.Claims.GroupBy(claim => claim.BillingProvider))
        {
            var provider = x12.BeginHierarchicalLevel(BillingProviderLevel, receiver, hasChildren: true);
            byProvider.Key.Write(x12, "85");
            WriteTotals(x12, byProvider, "QA", "QC");
            foreach (var claim in byProvider)
            {
                x12.BeginHierarchicalLevel(PatientLevel, provider, hasChildren: null);
                claim.PatientName.Write(x12, "QC", EntityName.MemberIdQualifier, claim.MemberId);
                x12.Segment("TRN").Element("2").Element(claim.PatientControlNumber);
                foreach (var status in claim.Statuses)
                {
                    x12.Segment("STC").Composite(status.Category, status.StatusCode, status.EntityCode).Element(status.EffectiveDate)
                        .Element(status.ActionCode).Element(status.ChargeAmount);
                    if (status.Message is { } message)
                        x12.Element((string?)null).Element((string?)null).Element((string?)null).Element((string?)null).Element((string?)null)
                            .Element((string?)null).Element((string?)null).Element(message);
                }
                if (claim.PayerClaimControlNumber is { } payerClaim)
                    x12.Segment("REF").Element("1K").Element(payerClaim);
                if (claim.ClearinghouseTraceNumber is { } trace)
                    x12.Segment("REF").Element("D9").Element(trace);
                if (claim.ServiceDateFrom is { } from)
                {
                    if (claim.ServiceDateTo is { } to && to != from)
                        x12.Segment("DTP").Element("472").Element("RD8").Element($"{X12Text.FormatDate(from)}-{X12Text.FormatDate(to)}");
                    else
                        x12.Segment("DTP").Element("472").Element("D8").Element(from);
                }
            }
        }
        x12.EndTransactionSet();
    }

    /// <summary>QTY/AMT totals of accepted and rejected claims (2200B: 90/AA, 2200C: QA/QC; AMT YU accepted, YY rejected).</summary>
    private static void WriteTotals(X12Writer x12, IEnumerable<ClaimStatus277> claims, string acceptedQualifier, string rejectedQualifier)
    {
        var list = claims as IReadOnlyCollection<ClaimStatus277> ?? claims.ToList();
        var accepted = list.Where(c => !c.IsRejected).ToList();
        var rejected = list.Where(c => c.IsRejected).ToList();
        if (accepted.Count > 0)
            x12.Segment("QTY").Element(acceptedQualifier).Element(accepted.Count);
        if (rejected.Count > 0)
            x12.Segment("QTY").Element(rejectedQualifier).Element(rejected.Count);
        if (accepted.Count > 0)
            x12.Segment("AMT").Element("YU").Element(accepted.Sum(c => c.Statuses.FirstOrDefault()?.ChargeAmount ?? 0));
        if (rejected.Count > 0)
            x12.Segment("AMT").Element("YY").Element(rejected.Sum(c => c.Statuses.FirstOrDefault()?.ChargeAmount ?? 0));
    }
}

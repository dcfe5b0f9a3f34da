namespace RevenueCycle.X12.Eligibility;

/// <summary>Writes 270 inquiries: HL 20 payer, HL 21 provider, then one HL 22 per subscriber.</summary>
/// <example>
/// <code>
/// var x12 = Eligibility270Writer.WriteToString(new EligibilityInquiry270
/// {
///     Envelope = envelope, ReferenceId = "REQ1", Created = now, Payer = payer, Provider = provider, Subscribers = [inquiry],
/// });
/// </code>
/// </example>
public static class Eligibility270Writer
{
    public static string WriteToString(EligibilityInquiry270 inquiry, X12WriterOptions? options = null) =>
        X12Writer.WriteSingleToString(inquiry.Envelope, options, x12 => WriteTransactionSet(x12, inquiry));

    public static void Write(TextWriter output, EligibilityInquiry270 inquiry, X12WriterOptions? options = null) =>
        X12Writer.WriteSingle(output, inquiry.Envelope, options, x12 => WriteTransactionSet(x12, inquiry));

    public static void WriteTransactionSet(X12Writer x12, EligibilityInquiry270 inquiry)
    {
        if (inquiry.Subscribers.Count == 0)
            throw new ArgumentException("A 270 asks about at least one subscriber.", nameof(inquiry));
        x12.BeginTransactionSet("270", inquiry.Envelope.TransactionSetControlNumber, X12Versions.EligibilityInquiry270);
        // BHT01 0022 information source, receiver, subscriber structure; BHT02 13 request.
        x12.Segment("BHT").Element("0022").Element("13").Element(inquiry.ReferenceId)
            .Element(DateOnly.FromDateTime(inquiry.Created)).Time(TimeOnly.FromDateTime(inquiry.Created));
        var source = x12.BeginHierarchicalLevel(EligibilityLevels.InformationSource, null, hasChildren: true);
        inquiry.Payer.Write(x12, "PR");
        var receiver = x12.BeginHierarchicalLevel(EligibilityLevels.InformationReceiver, source, hasChildren: true);
        inquiry.Provider.Write(x12, "1P");
        foreach (var subscriber in inquiry.Subscribers)
        {
            x12.BeginHierarchicalLevel(EligibilityLevels.Subscriber, receiver, hasChildren: false);
            x12.Segment("TRN").Element("1").Element(subscriber.TraceNumber).Element(subscriber.TraceOriginatorId);
            subscriber.Name.Write(x12, "IL", EntityName.MemberIdQualifier, subscriber.MemberId);
            Demographics.Write(x12, subscriber.BirthDate, subscriber.Gender);
            if (subscriber.ServiceDate is { } date)
                x12.Segment("DTP").Element("291").Element("D8").Element(date);
            x12.Segment("EQ").Repeated(subscriber.ServiceTypeCodes);
        }
        x12.EndTransactionSet();
    }
}

internal static class EligibilityLevels
{
    public const string InformationSource = "20";
    public const string InformationReceiver = "21";
    public const string Subscriber = "22";
    public const string Dependent = "23";
}

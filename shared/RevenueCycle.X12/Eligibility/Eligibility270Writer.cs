namespace RevenueCycle.X12.Eligibility;

/// <summary>Writes 270 inquiries: HL 20 payer, HL 21 provider, then one HL 22 per subscriber, with an HL 23 when the patient is a dependent.</summary>
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
            var level = x12.BeginHierarchicalLevel(EligibilityLevels.Subscriber, receiver, hasChildren: subscriber.Dependent is not null);
            if (subscriber.Dependent is not { } dependent)
            {
                WriteTrace(x12, subscriber);
                subscriber.Name.Write(x12, "IL", EntityName.MemberIdQualifier, subscriber.MemberId);
                Demographics.Write(x12, subscriber.BirthDate, subscriber.Gender);
                WriteQuestion(x12, subscriber);
                continue;
            }
            // X279A1 2000D: the dependent is the patient, so the trace (2000D TRN), the date (2100D DTP) and
            // the question (2110D EQ) are the dependent's; 2100C names the subscriber and the policy's member id.
            subscriber.Name.Write(x12, "IL", EntityName.MemberIdQualifier, subscriber.MemberId);
            Demographics.Write(x12, subscriber.BirthDate, subscriber.Gender);
            x12.BeginHierarchicalLevel(EligibilityLevels.Dependent, level, hasChildren: false);
            WriteTrace(x12, subscriber);
            dependent.Name.Write(x12, "03", null, null);
            Demographics.Write(x12, dependent.BirthDate, dependent.Gender);
            WriteQuestion(x12, subscriber);
        }
        x12.EndTransactionSet();
    }

    private static void WriteTrace(X12Writer x12, SubscriberInquiry inquiry) =>
        x12.Segment("TRN").Element("1").Element(inquiry.TraceNumber).Element(inquiry.TraceOriginatorId);

    private static void WriteQuestion(X12Writer x12, SubscriberInquiry inquiry)
    {
        if (inquiry.ServiceDate is { } date)
            x12.Segment("DTP").Element("291").Element("D8").Element(date);
        x12.Segment("EQ").Repeated(inquiry.ServiceTypeCodes);
    }
}

internal static class EligibilityLevels
{
    public const string InformationSource = "20";
    public const string InformationReceiver = "21";
    public const string Subscriber = "22";
    public const string Dependent = "23";
}

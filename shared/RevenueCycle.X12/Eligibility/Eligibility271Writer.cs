namespace RevenueCycle.X12.Eligibility;

/// <summary>Writes 271 responses (the simulator's payer side).</summary>
/// <example>
/// <code>
/// var x12 = Eligibility271Writer.WriteToString(response with
/// {
///     Subscribers = [new SubscriberEligibility { Name = name, MemberId = id, Benefits = [new EligibilityBenefit { Code = BenefitCode.ActiveCoverage }] }],
/// });
/// </code>
/// </example>
public static class Eligibility271Writer
{
    public static string WriteToString(EligibilityResponse271 response, X12WriterOptions? options = null) =>
        X12Writer.WriteSingleToString(response.Envelope, options, x12 => WriteTransactionSet(x12, response));

    public static void Write(TextWriter output, EligibilityResponse271 response, X12WriterOptions? options = null) =>
        X12Writer.WriteSingle(output, response.Envelope, options, x12 => WriteTransactionSet(x12, response));

    public static void WriteTransactionSet(X12Writer x12, EligibilityResponse271 response)
    {
        x12.BeginTransactionSet("271", response.Envelope.TransactionSetControlNumber, X12Versions.EligibilityResponse271);
        // BHT02 11 response.
        x12.Segment("BHT").Element("0022").Element("11").Element(response.ReferenceId)
            .Element(DateOnly.FromDateTime(response.Created)).Time(TimeOnly.FromDateTime(response.Created));
        var source = x12.BeginHierarchicalLevel(EligibilityLevels.InformationSource, null, hasChildren: true); // the receiver level always follows
        response.Payer.Write(x12, "PR");
        foreach (var rejection in response.PayerRejections)
            rejection.Write(x12);
        var receiver = x12.BeginHierarchicalLevel(EligibilityLevels.InformationReceiver, source, hasChildren: response.Subscribers.Count > 0);
        response.Provider.Write(x12, "1P");
        foreach (var rejection in response.ProviderRejections)
            rejection.Write(x12);
        var subscriberLevel = receiver;
        for (var i = 0; i < response.Subscribers.Count; i++)
        {
            var person = response.Subscribers[i];
            var hasDependent = i + 1 < response.Subscribers.Count && response.Subscribers[i + 1].IsDependent;
            if (person.IsDependent)
            {
                if (subscriberLevel == receiver)
                    throw new ArgumentException("A dependent must follow its subscriber.", nameof(response));
                x12.BeginHierarchicalLevel(EligibilityLevels.Dependent, subscriberLevel, hasChildren: false);
            }
            else
            {
                subscriberLevel = x12.BeginHierarchicalLevel(EligibilityLevels.Subscriber, receiver, hasChildren: hasDependent);
            }
            WritePerson(x12, person);
        }
        x12.EndTransactionSet();
    }

    private static void WritePerson(X12Writer x12, SubscriberEligibility person)
    {
        if (person.TraceNumber is { } trace)
            x12.Segment("TRN").Element("2").Element(trace).Element(person.TraceOriginatorId);
        person.Name.Write(x12, person.IsDependent ? "03" : "IL", EntityName.MemberIdQualifier, person.MemberId);
        foreach (var rejection in person.Rejections)
            rejection.Write(x12);
        Demographics.Write(x12, person.BirthDate, person.Gender);
        if (person.PlanBeginDate is { } begin)
            x12.Segment("DTP").Element("346").Element("D8").Element(begin);
        if (person.PlanEndDate is { } end)
            x12.Segment("DTP").Element("347").Element("D8").Element(end);
        foreach (var benefit in person.Benefits)
        {
            x12.Segment("EB").Element(benefit.Code.ToCode()).Element(benefit.CoverageLevel).Repeated(benefit.ServiceTypeCodes)
                .Element(benefit.InsuranceType).Element(benefit.PlanCoverageDescription).Element(benefit.TimePeriod).Element(benefit.Amount)
                .Element(benefit.Percent).Element(benefit.QuantityQualifier).Element(benefit.Quantity).Element(benefit.AuthorizationRequired)
                .Element(benefit.InPlanNetwork);
            foreach (var rejection in benefit.Rejections)
                rejection.Write(x12);
            foreach (var message in benefit.Messages)
                x12.Segment("MSG").Element(message);
        }
    }
}

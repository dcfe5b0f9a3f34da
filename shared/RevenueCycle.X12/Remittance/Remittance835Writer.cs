namespace RevenueCycle.X12.Remittance;

/// <summary>
/// Writes 835s from the model, in the segment order of X221A1. It refuses a remittance that does not
/// balance: a payer must never send one, and the simulator must not either.
/// </summary>
/// <example>
/// <code>
/// using var file = File.CreateText(path);
/// Remittance835Writer.Write(file, remittance);
/// </code>
/// </example>
public static class Remittance835Writer
{
    /// <summary>Writes one interchange holding the remittance, with the envelope the remittance carries.</summary>
    public static void Write(TextWriter output, Remittance835 remittance, X12WriterOptions? options = null) =>
        Write(output, remittance.Envelope.Interchange, remittance.Envelope.Group, [remittance], options);

    /// <summary>Writes one interchange and one functional group holding the remittances, each with its own ST02.</summary>
    public static void Write(TextWriter output, InterchangeHeader interchange, FunctionalGroupHeader group, IEnumerable<Remittance835> remittances, X12WriterOptions? options = null)
    {
        var x12 = new X12Writer(output, options);
        x12.BeginInterchange(interchange);
        x12.BeginFunctionalGroup(group);
        foreach (var remittance in remittances)
            WriteTransactionSet(x12, remittance);
        x12.EndFunctionalGroup();
        x12.EndInterchange();
        x12.Flush();
    }

    public static string WriteToString(Remittance835 remittance, X12WriterOptions? options = null)
    {
        var text = new StringWriter();
        Write(text, remittance, options);
        return text.ToString();
    }

    /// <summary>Writes ST..SE of one remittance inside a group the caller opened.</summary>
    public static void WriteTransactionSet(X12Writer x12, Remittance835 remittance)
    {
        var errors = RemittanceBalancing.FindErrors(remittance);
        if (errors.Count > 0)
            throw new ArgumentException("The remittance does not balance: " + string.Join("; ", errors), nameof(remittance));

        x12.BeginTransactionSet("835", remittance.Envelope.TransactionSetControlNumber);
        WritePayment(x12, remittance.Payment);
        x12.Segment("TRN").Element("1").Element(remittance.TraceNumber).Element(remittance.PayerIdentifier).Element(remittance.OriginatingCompanySupplementalCode);
        foreach (var reference in remittance.References)
            reference.Write(x12);
        if (remittance.ProductionDate is { } produced)
            x12.Segment("DTM").Element("405").Element(produced);
        WriteParty(x12, "PR", remittance.Payer);
        WriteParty(x12, "PE", remittance.Payee);
        foreach (var group in remittance.ClaimGroups)
        {
            if (group.AssignedNumber is { } number)
                x12.Segment("LX").Element(number);
            else if (group.ProviderSummary is not null)
                throw new ArgumentException("A TS3 provider summary needs its LX: give the claim group an AssignedNumber.", nameof(remittance));
            if (group.ProviderSummary is { } summary)
            {
                x12.Segment("TS3").Element(summary.ProviderIdentifier).Element(summary.FacilityTypeCode).Element(summary.FiscalPeriodEndDate)
                    .Element(summary.TotalClaimCount).Element(summary.TotalClaimChargeAmount);
            }
            foreach (var claim in group.Claims)
                WriteClaim(x12, claim);
        }
        WriteProviderAdjustments(x12, remittance.ProviderAdjustments.AsSpan());
        x12.EndTransactionSet();
    }

    private static void WritePayment(X12Writer x12, PaymentInformation payment)
    {
        x12.Segment("BPR").Element(payment.HandlingCode).Element(payment.Amount).Element(payment.CreditDebit == CreditDebit.Credit ? "C" : "D")
            .Element(payment.PaymentMethod).Element(payment.PaymentFormat);
        WriteAccount(x12, payment.SenderAccount);
        x12.Element(payment.OriginatingCompanyIdentifier).Element(payment.OriginatingCompanySupplementalCode);
        WriteAccount(x12, payment.ReceiverAccount);
        x12.Element(payment.PaymentDate);
    }

    private static void WriteAccount(X12Writer x12, BankAccount? account) =>
        x12.Element(account?.DfiQualifier).Element(account?.DfiNumber).Element(account?.AccountQualifier).Element(account?.AccountNumber);

    private static void WriteParty(X12Writer x12, string code, RemittanceParty party)
    {
        x12.Segment("N1").Element(code).Element(party.Name).Element(party.IdQualifier).Element(party.Identifier);
        party.Address?.Write(x12);
        foreach (var reference in party.References)
            reference.Write(x12);
        foreach (var contact in party.Contacts)
            contact.Write(x12);
    }

    private static void WriteClaim(X12Writer x12, ClaimPayment claim)
    {
        x12.Segment("CLP").Element(claim.PatientControlNumber).Element((int)claim.Status).Element(claim.ChargeAmount).Element(claim.PaymentAmount)
            .Element(claim.PatientResponsibilityAmount).Element(claim.ClaimFilingIndicator).Element(claim.PayerClaimControlNumber)
            .Element(claim.FacilityCode).Element(claim.Frequency?.ToCode()).Element((string?)null).Element(claim.DrgCode).Element(claim.DrgWeight)
            .Element(claim.DischargeFraction);
        Adjustment.WriteCas(x12, claim.Adjustments.AsSpan());
        claim.Patient?.Write(x12, "QC");
        claim.Insured?.Write(x12, "IL");
        claim.CorrectedInsured?.Write(x12, "74");
        claim.RenderingProvider?.Write(x12, "82");
        claim.CrossoverCarrier?.Write(x12, "TT");
        claim.CorrectedPriorityPayer?.Write(x12, "PR");
        claim.OtherSubscriber?.Write(x12, "GB");
        if (claim.InpatientAdjudication is { } inpatient)
        {
            x12.Segment("MIA").Element(inpatient.CoveredDaysOrVisits);
            foreach (var element in inpatient.OtherElements)
                x12.Element(element);
        }
        if (claim.OutpatientAdjudication is { } outpatient)
        {
            x12.Segment("MOA").Element(outpatient.ReimbursementRate).Element(outpatient.HcpcsPayableAmount);
            for (var i = 0; i < OutpatientAdjudication.MaxRemarkCodes; i++)
                x12.Element(i < outpatient.RemarkCodes.Count ? outpatient.RemarkCodes[i] : null);
            x12.Element(outpatient.EsrdPaymentAmount).Element(outpatient.NonPayableProfessionalComponentAmount);
        }
        foreach (var reference in claim.References)
            reference.Write(x12);
        // X221A1 2100 order: statement dates, coverage expiration, claim received.
        WriteDate(x12, "232", claim.StatementFromDate);
        WriteDate(x12, "233", claim.StatementToDate);
        WriteDate(x12, "036", claim.CoverageExpirationDate);
        WriteDate(x12, "050", claim.ReceivedDate);
        foreach (var contact in claim.Contacts)
            contact.Write(x12);
        foreach (var amount in claim.Amounts)
            amount.Write(x12);
        foreach (var quantity in claim.Quantities)
            quantity.Write(x12);
        foreach (var line in claim.ServiceLines)
            WriteLine(x12, line);
    }

    private static void WriteLine(X12Writer x12, ServicePayment line)
    {
        x12.Segment("SVC");
        line.Procedure.Write(x12);
        x12.Element(line.ChargeAmount).Element(line.PaymentAmount).Element(line.RevenueCode).Element(line.Units);
        if (line.SubmittedProcedure is { } submitted)
            submitted.Write(x12);
        else
            x12.Element((string?)null);
        x12.Element(line.SubmittedUnits);
        WriteDate(x12, "150", line.ServiceStartDate);
        WriteDate(x12, "151", line.ServiceEndDate);
        WriteDate(x12, "472", line.ServiceDate);
        Adjustment.WriteCas(x12, line.Adjustments.AsSpan());
        if (line.LineItemControlNumber is { } control)
            x12.Segment("REF").Element("6R").Element(control);
        foreach (var reference in line.References)
            reference.Write(x12);
        if (line.AllowedAmount is { } allowed)
            x12.Segment("AMT").Element("B6").Element(allowed);
        foreach (var amount in line.Amounts)
            amount.Write(x12);
        foreach (var quantity in line.Quantities)
            quantity.Write(x12);
        foreach (var remark in line.Remarks)
            x12.Segment("LQ").Element(remark.Qualifier).Element(remark.Code);
    }

    private static void WriteDate(X12Writer x12, string qualifier, DateOnly? date)
    {
        if (date is { } value)
            x12.Segment("DTM").Element(qualifier).Element(value);
    }

    /// <summary>PLB: consecutive adjustments of one provider and fiscal date share a segment, six at most.</summary>
    private static void WriteProviderAdjustments(X12Writer x12, ReadOnlySpan<ProviderAdjustment> adjustments)
    {
        var i = 0;
        while (i < adjustments.Length)
        {
            var first = adjustments[i];
            x12.Segment("PLB").Element(first.ProviderIdentifier).Element(first.FiscalPeriodDate);
            var inSegment = 0;
            while (i < adjustments.Length && inSegment < ProviderAdjustment.MaxAdjustmentsPerSegment
                   && adjustments[i].ProviderIdentifier == first.ProviderIdentifier && adjustments[i].FiscalPeriodDate == first.FiscalPeriodDate)
            {
                x12.Composite(adjustments[i].ReasonCode, adjustments[i].Reference).Element(adjustments[i].Amount);
                i++;
                inSegment++;
            }
        }
    }
}

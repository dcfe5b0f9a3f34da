using RevenueCycle.X12.Remittance;

namespace RevenueCycle.Payments.Remittances;

/// <summary>
/// Which payment an 835 transaction set describes, whatever envelope it came in: the payer (TRN03, "1" + its tax id, else
/// its N1*PR identifier, else its name) and its trace number (TRN02, the check or EFT number), X221A1 1.10.2.15 and TRN
/// notes: "TRN02 … uniquely identifies this transaction set" for the payer. A clearinghouse re-delivers the same ERA in a new
/// ISA/GS envelope, so ISA13 says nothing about the payment. BPR02 and BPR16 cross-check it: the same payer and trace with
/// another amount or date is not a re-delivery but a conflict a person must look at.
/// </summary>
public sealed record PaymentIdentity(string PayerKey, string TraceNumber, string[] PayerIds)
{
    const string PayerIdentificationQualifier = "2U"; // 1000A REF*2U: the payer's identification number

    public static PaymentIdentity Of(Remittance835Header r)
    {
        var key = Clean(r.PayerIdentifier) ?? Clean(r.Payer.Identifier) ?? r.Payer.Name.Trim().ToUpperInvariant();
        string?[] ids = [.. r.Payer.References.Where(x => x.Qualifier == PayerIdentificationQualifier).Select(x => Clean(x.Value)), Clean(r.Payer.Identifier)];
        return new PaymentIdentity(key, r.TraceNumber.Trim(), [.. ids.OfType<string>().Distinct(StringComparer.Ordinal)]);
    }

    static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim().ToUpperInvariant();
}

using System.Text.RegularExpressions;

namespace RevenueCycle.Payments.Deposits;

/// <summary>One credit to the practice's bank account as the bank reported it, with the payer's trace when the bank carried it.</summary>
public sealed record BankDeposit(int Line, DateOnly Date, decimal Amount, string? TraceNumber, string? PayerId, string? BankReference,
    string? CustomerReference, string? TypeCode, string? AccountNumber, string? Description)
{
    /// <summary>What makes the deposit itself, so an upload of the same deposit again is recognised whatever the file's format.</summary>
    public string Identity(int occurrence) =>
        Trace.Key(TraceNumber) is { Length: > 0 } trace ? $"trace:{Date:yyyy-MM-dd}:{Amount:0.00}:{trace}"
        : BankReference is { Length: > 0 } reference ? $"bank:{AccountNumber}:{reference.ToUpperInvariant()}"
        : $"plain:{Date:yyyy-MM-dd}:{Amount:0.00}:{CustomerReference?.ToUpperInvariant()}#{occurrence}";
}

/// <summary>A deposit file that cannot be read: the line, the record type (BAI2) and the field at fault. Nothing of the file is stored.</summary>
public sealed class DepositFileException(int line, string? record, string field, string message) : Exception(message)
{
    public int Line { get; } = line;
    public string? Record { get; } = record;
    public string Field { get; } = field;
}

public static partial class Trace
{
    /// <summary>
    /// The payer's reassociation trace as compared: the bank and the payer may pad it with zeros, space or dash it, or change its case.
    /// Must stay the same as remittances.trace_key (migration 0105).
    /// </summary>
    public static string? Key(string? trace)
    {
        if (string.IsNullOrWhiteSpace(trace)) return null;
        var key = NotAlphanumeric().Replace(trace.ToUpperInvariant(), "").TrimStart('0');
        return key.Length == 0 ? null : key;
    }

    /// <summary>
    /// The NACHA CCD+ addenda a health plan's EFT carries (CAQH CORE 370 §4.1: the ACH Payment Related Information is the 835's TRN
    /// segment, "TRN*1*&lt;TRN02 trace&gt;*&lt;TRN03 originator id&gt;\"), found anywhere in the bank's text or reference.
    /// </summary>
    public static (string Trace, string? Originator)? FromAddenda(string? text)
    {
        if (text is null) return null;
        var m = Addenda().Match(text);
        return m.Success ? (m.Groups["trace"].Value.Trim(), m.Groups["originator"].Success ? m.Groups["originator"].Value.Trim() : null) : null;
    }

    [GeneratedRegex("[^A-Z0-9]")]
    private static partial Regex NotAlphanumeric();

    [GeneratedRegex(@"TRN\*1\*(?<trace>[^*\\~/]{1,50})(\*(?<originator>[^*\\~/]{1,10}))?", RegexOptions.IgnoreCase)]
    private static partial Regex Addenda();
}

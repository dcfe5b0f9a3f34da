using System.Collections.Frozen;

namespace RevenueCycle.Contracts.Payments;

/// <summary>What a CARC under CO, OA or PI means for the money: a contractual allowance, a prior payer's part, or a denial to work.</summary>
public enum AdjustmentClass { Contractual, PriorPayer, Denial }

/// <summary>
/// The claim adjustment reason codes (X12 code list 139) as posting (Payments) and denial work (Claims) read them,
/// from <c>AdjustmentReasons.tsv</c>, so both services agree on what is a denial (e.g. CO-24 capitation is not).
/// </summary>
public static class AdjustmentReasons
{
    public const string PatientResponsibilityGroup = "PR"; // X221A1 CAS01: PR is the patient's share, whatever the CARC
    public const string OtherCategory = "other";

    sealed record Entry(AdjustmentClass Class, string? Category, string Meaning, bool ReducesPaymentOnly);

    static readonly FrozenDictionary<string, Entry> ByCarc = Load();

    static FrozenDictionary<string, Entry> Load()
    {
        using var stream = typeof(AdjustmentReasons).Assembly.GetManifestResourceStream("AdjustmentReasons.tsv")
            ?? throw new InvalidOperationException("AdjustmentReasons.tsv is not embedded.");
        using var reader = new StreamReader(stream);
        var entries = new Dictionary<string, Entry>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#') continue;
            var f = line.Split('\t');
            var kind = f[1] switch
            {
                "contractual" => AdjustmentClass.Contractual,
                "prior-payer" => AdjustmentClass.PriorPayer,
                "denial" => AdjustmentClass.Denial,
                _ => throw new InvalidDataException($"AdjustmentReasons.tsv: unknown class '{f[1]}' for CARC {f[0]}."),
            };
            var reducesPaymentOnly = f.Length > 4 && f[4] switch
            {
                "payment" => true,
                "allowed" or "" => false,
                _ => throw new InvalidDataException($"AdjustmentReasons.tsv: unknown reduction '{f[4]}' for CARC {f[0]}."),
            };
            entries.Add(f[0], new Entry(kind, f[2].Length == 0 ? null : f[2], f[3], reducesPaymentOnly));
        }
        return entries.ToFrozenDictionary();
    }

    /// <summary>The class of a CARC under a group other than PR; a code not listed is a denial.</summary>
    public static AdjustmentClass ClassOf(string carc) => ByCarc.TryGetValue(carc, out var e) ? e.Class : AdjustmentClass.Denial;

    public static bool IsDenial(string group, string carc) => group != PatientResponsibilityGroup && ClassOf(carc) == AdjustmentClass.Denial;

    public static bool IsContractual(string group, string carc) => group != PatientResponsibilityGroup && ClassOf(carc) == AdjustmentClass.Contractual;

    /// <summary>
    /// A contractual adjustment that brings the charge down to the payer's allowed amount (CO-45 "charge exceeds fee schedule/maximum
    /// allowable or contracted/legislated fee arrangement"), as opposed to one that reduces the payment of an amount already allowed
    /// (CO-253 sequestration, withholds, penalties): allowed = charge − these.
    /// </summary>
    public static bool ReducesToAllowed(string group, string carc) =>
        IsContractual(group, carc) && ByCarc.TryGetValue(carc, out var e) && !e.ReducesPaymentOnly;

    /// <summary>The denial category a biller works by (eligibility, authorization, coding, medical-necessity, timely-filing, duplicate, other).</summary>
    public static string CategoryOf(string carc) => ByCarc.TryGetValue(carc, out var e) && e.Category is { } c ? c : OtherCategory;

    /// <summary>The contractual CARCs, for SQL filters.</summary>
    public static string[] ContractualCarcs { get; } = [.. ByCarc.Where(e => e.Value.Class == AdjustmentClass.Contractual).Select(e => e.Key).Order(StringComparer.Ordinal)];

    public static string? MeaningOf(string carc) => ByCarc.TryGetValue(carc, out var e) ? e.Meaning : null;
}

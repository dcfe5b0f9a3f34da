using System.Security.Cryptography;
using RevenueCycle.Coding.Edits;

namespace RevenueCycle.Coding.CodeSets;

/// <summary>
/// The curated code sets shipped inside the assembly (Data/*.tsv): enough ICD-10-CM, CPT, HCPCS and
/// place-of-service codes for primary care, the CPT modifiers and common HCPCS modifiers, and small NCCI PTP and MUE samples, so a fresh install
/// can code encounters before anyone imports the full CMS files.
/// </summary>
public sealed class StarterCodeSet
{
    private const string ResourcePrefix = "RevenueCycle.Coding.Data.";

    private static readonly Lazy<StarterCodeSet> Shipped = new(LoadShipped);

    private readonly Dictionary<(string System, string Code), CodeEntry> _byKey;

    private StarterCodeSet(IReadOnlyList<CodeEntry> codes, IReadOnlyList<PtpEdit> ptpEdits, IReadOnlyList<MueEdit> mueEdits, string contentHash)
    {
        Codes = codes;
        PtpEdits = ptpEdits;
        MueEdits = mueEdits;
        ContentHash = contentHash;
        _byKey = codes.ToDictionary(c => (c.System, c.Code));
    }

    public IReadOnlyList<CodeEntry> Codes { get; }

    public IReadOnlyList<PtpEdit> PtpEdits { get; }

    public IReadOnlyList<MueEdit> MueEdits { get; }

    /// <summary>SHA-256 of the shipped files; the loader skips the work when the database already has this version.</summary>
    public string ContentHash { get; }

    /// <summary>The set shipped in this assembly, read once.</summary>
    public static StarterCodeSet Load() => Shipped.Value;

    public CodeEntry? Find(string system, string code) => _byKey.GetValueOrDefault((system, code));

    /// <summary>All of the starter set as reference data for the edits (tests, and a service without a database).</summary>
    public CodingReferenceData ToReferenceData() => new(Codes, PtpEdits, MueEdits);

    private static StarterCodeSet LoadShipped()
    {
        var assembly = typeof(StarterCodeSet).Assembly;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        string Read(string file)
        {
            using var stream = assembly.GetManifestResourceStream(ResourcePrefix + file)
                ?? throw new InvalidOperationException($"The starter code set file {file} is not embedded in {assembly.GetName().Name}.");
            using var reader = new StreamReader(stream);
            var text = reader.ReadToEnd();
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(file + "\n" + text));
            return text;
        }

        var codes = new List<CodeEntry>();
        foreach (var (file, system) in new[]
                 {
                     ("icd10cm.tsv", CodeSystem.Icd10Cm),
                     ("cpt.tsv", CodeSystem.Cpt),
                     ("hcpcs.tsv", CodeSystem.Hcpcs),
                     ("pos.tsv", CodeSystem.PlaceOfService),
                     ("cpt_modifiers.tsv", CodeSystem.CptModifier),
                     ("hcpcs_modifiers.tsv", CodeSystem.HcpcsModifier),
                 })
        {
            codes.AddRange(StarterFileReader.ReadCodes(new StringReader(Read(file)), system, file));
        }

        var ptp = StarterFileReader.ReadPtpEdits(new StringReader(Read("ncci_ptp.tsv")), "ncci_ptp.tsv").ToList();
        var mue = StarterFileReader.ReadMueEdits(new StringReader(Read("mue.tsv")), "mue.tsv").ToList();
        return new StarterCodeSet(codes, ptp, mue, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }
}

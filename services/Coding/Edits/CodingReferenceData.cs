using RevenueCycle.Coding.CodeSets;

namespace RevenueCycle.Coding.Edits;

/// <summary>
/// The reference data the edits consult for one coding: the code entries of exactly the codes and modifiers
/// used (and the place of service), the PTP edits among them and their MUE values. Filled from the database by
/// <see cref="CodingReferenceDataQuery"/> or from <see cref="StarterCodeSet"/>.
/// </summary>
public sealed class CodingReferenceData
{
    private readonly Dictionary<(string System, string Code), CodeEntry> _codes = [];
    private readonly Dictionary<(string Column1, string Column2), List<PtpEdit>> _ptp = [];
    private readonly Dictionary<string, MueEdit> _mue = [];

    public CodingReferenceData(IEnumerable<CodeEntry> codes, IEnumerable<PtpEdit> ptpEdits, IEnumerable<MueEdit> mueEdits)
    {
        foreach (var code in codes)
            _codes[(code.System, code.Code)] = code;
        foreach (var edit in ptpEdits)
        {
            if (!_ptp.TryGetValue((edit.Column1, edit.Column2), out var list))
                _ptp[(edit.Column1, edit.Column2)] = list = [];
            list.Add(edit);
        }
        foreach (var mue in mueEdits)
            _mue[mue.Code] = mue;
    }

    public static CodingReferenceData Empty { get; } = new([], [], []);

    public CodeEntry? Find(string system, string code) => _codes.GetValueOrDefault((system, code));

    public CodeEntry? FindDiagnosis(string code) => Find(CodeSystem.Icd10Cm, code);

    public CodeEntry? FindProcedure(string code) => Find(CodeFormat.ProcedureSystem(code), code);

    /// <summary>A CPT or HCPCS modifier: one namespace on the claim line (837P SV101-3 to SV101-6), two code sets.</summary>
    public CodeEntry? FindModifier(string modifier) => Find(CodeSystem.CptModifier, modifier) ?? Find(CodeSystem.HcpcsModifier, modifier);

    /// <summary>The PTP edits with <paramref name="column1"/> in column 1 and <paramref name="column2"/> in column 2.</summary>
    public IReadOnlyList<PtpEdit> PtpEdits(string column1, string column2) =>
        _ptp.TryGetValue((column1, column2), out var list) ? list : [];

    public MueEdit? Mue(string code) => _mue.GetValueOrDefault(code);
}

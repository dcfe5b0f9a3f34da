using RevenueCycle.Coding.CodeSets;
using RevenueCycle.Coding.Edits;

namespace RevenueCycle.Coding.Tests.Edits;

/// <summary>A clean office visit for a 55-year-old woman, to be spoiled one fact at a time.</summary>
internal sealed class CodingBuilder
{
    private readonly List<string> _diagnoses = ["E11.9", "I10"];
    private readonly List<ProcedureLine> _procedures = [new("99213", [], 1, [1, 2])];
    private DateOnly _dateOfService = new(2025, 3, 3);
    private DateOnly _dateOfBirth = new(1970, 1, 15);
    private Sex _sex = Sex.Female;
    private string _placeOfService = "11";

    public CodingBuilder Diagnoses(params string[] codes)
    {
        _diagnoses.Clear();
        _diagnoses.AddRange(codes);
        return this;
    }

    public CodingBuilder Procedures(params ProcedureLine[] lines)
    {
        _procedures.Clear();
        _procedures.AddRange(lines);
        return this;
    }

    public CodingBuilder On(int year, int month, int day)
    {
        _dateOfService = new DateOnly(year, month, day);
        return this;
    }

    public CodingBuilder Patient(Sex sex, int ageInYears)
    {
        _sex = sex;
        _dateOfBirth = _dateOfService.AddYears(-ageInYears).AddDays(-10);
        return this;
    }

    public CodingBuilder BornOn(int year, int month, int day)
    {
        _dateOfBirth = new DateOnly(year, month, day);
        return this;
    }

    public CodingBuilder At(string placeOfService)
    {
        _placeOfService = placeOfService;
        return this;
    }

    public static ProcedureLine Line(string code, params int[] pointers) => new(code, [], 1, pointers.Length == 0 ? [1] : pointers);

    public static ProcedureLine Line(string code, string[] modifiers, int units = 1, params int[] pointers) =>
        new(code, modifiers, units, pointers.Length == 0 ? [1] : pointers);

    public EncounterFacts Encounter => new(_dateOfService, _placeOfService, _dateOfBirth, _sex);

    public CodingSubmission Coding => new(_diagnoses.ToList(), _procedures.ToList());

    public IReadOnlyList<CodingEdit> Check(CodingReferenceData? reference = null) =>
        CodingEditor.Check(Encounter, Coding, reference ?? StarterCodeSet.Load().ToReferenceData());
}

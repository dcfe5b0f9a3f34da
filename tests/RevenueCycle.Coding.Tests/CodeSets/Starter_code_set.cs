using RevenueCycle.Coding.CodeSets;

namespace RevenueCycle.Coding.Tests.CodeSets;

public sealed class Starter_code_set
{
    private static readonly StarterCodeSet Set = StarterCodeSet.Load();

    private static int Count(string system) => Set.Codes.Count(c => c.System == system);

    [Fact]
    public void It_has_the_promised_sizes()
    {
        Assert.True(Count(CodeSystem.Icd10Cm) >= 500);
        Assert.True(Count(CodeSystem.Hcpcs) >= 100);
        Assert.True(Count(CodeSystem.Cpt) >= 150);
        Assert.True(Set.PtpEdits.Count > 0 && Set.MueEdits.Count > 0);
    }

    [Theory]
    [InlineData("E11.9", true)]
    [InlineData("E11.65", true)]
    [InlineData("E11.22", true)]
    [InlineData("E11", false)]
    [InlineData("I50", false)]
    [InlineData("J45", false)]
    [InlineData("Z00.00", true)]
    [InlineData("Z00.121", true)]
    [InlineData("R05.9", true)]
    [InlineData("S93.401A", true)]
    [InlineData("W19.XXXA", true)]
    public void Primary_care_codes_are_there_with_their_billable_flag(string code, bool billable) =>
        Assert.Equal(billable, Set.Find(CodeSystem.Icd10Cm, code)!.Billable);

    [Fact]
    public void Chapter_restrictions_are_set()
    {
        Assert.Equal(Sex.Female, Set.Find(CodeSystem.Icd10Cm, "O80")!.RequiredSex);
        Assert.Equal((12, 55), (Set.Find(CodeSystem.Icd10Cm, "Z34.01")!.AgeMin, Set.Find(CodeSystem.Icd10Cm, "Z34.01")!.AgeMax));
        Assert.Equal((0, 0), (Set.Find(CodeSystem.Icd10Cm, "Z38.00")!.AgeMin, Set.Find(CodeSystem.Icd10Cm, "Z38.00")!.AgeMax));
        Assert.Equal(Sex.Male, Set.Find(CodeSystem.Icd10Cm, "N40.1")!.RequiredSex);
        Assert.Equal((40, 64), (Set.Find(CodeSystem.Cpt, "99396")!.AgeMin, Set.Find(CodeSystem.Cpt, "99396")!.AgeMax));
    }

    [Fact]
    public void Every_cms_place_of_service_in_use_is_there()
    {
        foreach (var pos in new[] { "02", "10", "11", "12", "19", "20", "21", "22", "23", "31", "81", "99" })
            Assert.NotNull(Set.Find(CodeSystem.PlaceOfService, pos));
    }

    [Fact]
    public void A_broken_starter_line_is_reported_with_its_number()
    {
        var text = $"# comment\n{StarterFileReader.CodeHeader}\nE11.9\t1\t\t\t\t2015-10-01\t\tType 2 diabetes mellitus without complications\nE11.9\tyes\t\t\t\t2015-10-01\t\tx\n";
        var error = Assert.Throws<CodeSetFormatException>(() => StarterFileReader.ReadCodes(new StringReader(text), CodeSystem.Icd10Cm, "icd10cm.tsv").ToList());
        Assert.Equal(4, error.LineNumber);
    }
}

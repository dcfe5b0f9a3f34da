using RevenueCycle.Coding.CodeSets;
using RevenueCycle.Coding.Edits;

namespace RevenueCycle.Coding.Tests.CodeSets;

public sealed class Starter_set_loading
{
    [Fact]
    public async Task The_first_start_loads_the_starter_set_and_the_next_start_does_nothing()
    {
        await using var db = await Code_set_import.NewDatabaseAsync();
        var set = StarterCodeSet.Load();

        var first = await StarterCodeSetLoader.LoadAsync(db.DataSource, cancellationToken: TestContext.Current.CancellationToken);
        var second = await StarterCodeSetLoader.LoadAsync(db.DataSource, cancellationToken: TestContext.Current.CancellationToken);

        Assert.False(first.AlreadyLoaded);
        Assert.Equal(set.Codes.Count, first.CodesAdded);
        Assert.Equal(set.PtpEdits.Count, first.PtpEditsWritten);
        Assert.Equal(set.MueEdits.Count, first.MueEditsWritten);
        Assert.True(second.AlreadyLoaded);
        Assert.Equal(set.Codes.Count, await db.ScalarAsync("SELECT count(*) FROM code_set"));
    }

    [Fact]
    public async Task The_starter_set_never_overwrites_an_official_import()
    {
        await using var db = await Code_set_import.NewDatabaseAsync();
        using (var reader = TestFiles.Open("icd10cm_order_2025_sample.txt"))
            await new CodeSetImporter(db.DataSource).ImportIcd10CmOrderFileAsync(reader, "icd10cm_order_2025.txt", new DateOnly(2024, 10, 1), cancellationToken: TestContext.Current.CancellationToken);

        var result = await StarterCodeSetLoader.LoadAsync(db.DataSource, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(0, result.CodesUpdated);
        Assert.Equal("icd10cm_order_2025.txt", await db.TextAsync("SELECT source FROM code_set WHERE code = 'E11.9'"));
        Assert.Equal("starter", await db.TextAsync("SELECT source FROM code_set WHERE code = 'J45.909'"));
    }

    [Fact]
    public async Task The_reference_data_query_gives_the_edits_what_the_starter_set_gives_them()
    {
        await using var db = await Code_set_import.NewDatabaseAsync();
        await StarterCodeSetLoader.LoadAsync(db.DataSource, cancellationToken: TestContext.Current.CancellationToken);
        var encounter = new EncounterFacts(new DateOnly(2025, 3, 3), "11", new DateOnly(1970, 1, 1), Sex.Male);
        var coding = new CodingSubmission(
            ["e119", "Z34.01", "E11"],
            [
                new ProcedureLine("99213", [], 1, [1]),
                new ProcedureLine("96372", [], 5, [1]),
                new ProcedureLine("93000", [], 1, [1]),
                new ProcedureLine("93010", [], 1, [1]),
            ]);

        await using var connection = await db.DataSource.OpenConnectionAsync(cancellationToken: TestContext.Current.CancellationToken);
        var fromDatabase = await CodingReferenceDataQuery.LoadAsync(connection, encounter, coding, cancellationToken: TestContext.Current.CancellationToken);
        var edits = CodingEditor.Check(encounter, coding, fromDatabase);

        Assert.Equal(CodingEditor.Check(encounter, coding, StarterCodeSet.Load().ToReferenceData()), edits);
        Assert.Contains(edits, e => e.Rule == EditRules.SexConflict);
        Assert.Contains(edits, e => e.Rule == EditRules.DiagnosisNotBillable);
        Assert.Contains(edits, e => e.Rule == EditRules.NcciPtpModifierRequired);
        Assert.Contains(edits, e => e.Rule == EditRules.NcciPtpNeverTogether);
        Assert.Contains(edits, e => e.Rule == EditRules.MueExceeded);
    }
}

using RevenueCycle.Coding.CodeSets;
using RevenueCycle.Coding.Edits;

namespace RevenueCycle.Coding.Tests.CodeSets;

/// <summary>
/// Modifiers are a code set: the HCPCS Level II ones come from the modifier records (record identification 7 and 8)
/// of the CMS HCPCS annual file, so importing a release adds the modifiers it brings and retires the ones it ends.
/// </summary>
public sealed class Hcpcs_modifier_import
{
    private static readonly EncounterFacts Visit = new(new DateOnly(2025, 3, 3), "11", new DateOnly(1970, 1, 15), Sex.Female);

    private static CodingSubmission VisitWith(params string[] modifiers) =>
        new(["H91.90"], [new ProcedureLine("92552", modifiers, 1, [1])]);

    private static async Task<IReadOnlyList<CodingEdit>> EditsAsync(CodeSetDatabase db, CodingSubmission coding)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync(TestContext.Current.CancellationToken);
        var reference = await CodingReferenceDataQuery.LoadAsync(connection, Visit, coding, TestContext.Current.CancellationToken);
        return CodingEditor.Check(Visit, coding, reference);
    }

    [Fact]
    public async Task An_imported_hcpcs_file_adds_its_modifiers_and_the_edits_accept_them()
    {
        await using var db = await Code_set_import.NewDatabaseAsync();
        await StarterCodeSetLoader.LoadAsync(db.DataSource, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Contains(await EditsAsync(db, VisitWith("AB")), e => e.Rule == EditRules.ModifierInvalid && e.Target == "procedures[0].modifiers[0]");

        using var reader = TestFiles.Open("HCPC2025_JAN_ANWEB_sample.txt");
        await new CodeSetImporter(db.DataSource).ImportHcpcsFileAsync(reader, "HCPC2025_JAN_ANWEB.txt", new DateOnly(2025, 1, 1), cancellationToken: TestContext.Current.CancellationToken);

        var edits = await EditsAsync(db, VisitWith("AB"));
        Assert.DoesNotContain(edits, e => e.Rule == EditRules.ModifierInvalid);
        Assert.Equal("Audiology svc no order", await db.TextAsync("SELECT short_description FROM code_set WHERE system = 'hcpcs-modifier' AND code = 'AB'"));
    }

    [Fact]
    public async Task A_modifier_the_release_ends_is_refused_after_it_and_cpt_modifiers_are_untouched()
    {
        await using var db = await Code_set_import.NewDatabaseAsync();
        await StarterCodeSetLoader.LoadAsync(db.DataSource, cancellationToken: TestContext.Current.CancellationToken);
        Assert.DoesNotContain(await EditsAsync(db, VisitWith("GT", "59")), e => e.Rule == EditRules.ModifierInvalid);

        using var reader = TestFiles.Open("HCPC2025_JAN_ANWEB_sample.txt");
        var report = await new CodeSetImporter(db.DataSource).ImportHcpcsFileAsync(reader, "HCPC2025_JAN_ANWEB.txt", new DateOnly(2025, 1, 1), cancellationToken: TestContext.Current.CancellationToken);

        // GT is absent from this (sample) complete release: valid through the day before it; 59 is a CPT modifier.
        Assert.True(report.Retired > 0);
        Assert.Equal("2024-12-31", await db.TextAsync("SELECT effective_to::text FROM code_set WHERE system = 'hcpcs-modifier' AND code = 'GT'"));
        var edits = await EditsAsync(db, VisitWith("GT", "59"));
        Assert.Contains(edits, e => e.Rule == EditRules.ModifierInvalid && e.Target == "procedures[0].modifiers[0]");
        Assert.DoesNotContain(edits, e => e.Target == "procedures[0].modifiers[1]");
        Assert.Equal("open", await db.TextAsync("SELECT coalesce(effective_to::text, 'open') FROM code_set WHERE system = 'cpt-modifier' AND code = '59'"));
    }
}

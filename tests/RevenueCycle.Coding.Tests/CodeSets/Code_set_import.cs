using RevenueCycle.Coding.CodeSets;

namespace RevenueCycle.Coding.Tests.CodeSets;

public sealed class Code_set_import
{
    private sealed class Progress : IProgress<long>
    {
        public List<long> Reports { get; } = [];

        public void Report(long value) => Reports.Add(value);
    }

    [Fact]
    public async Task An_order_file_adds_its_codes_with_the_dot_and_the_release_date()
    {
        await using var db = await NewDatabaseAsync();
        var progress = new Progress();
        using var reader = TestFiles.Open("icd10cm_order_2025_sample.txt");

        var report = await new CodeSetImporter(db.DataSource).ImportIcd10CmOrderFileAsync(reader, "icd10cm_order_2025.txt", new DateOnly(2024, 10, 1), progress, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(new ImportReport(CodeSystem.Icd10Cm, "icd10cm_order_2025.txt", 10, 10, 0, 0), report);
        Assert.Equal(10, progress.Reports.Last());
        Assert.Equal("2024-10-01|true", await db.TextAsync("SELECT effective_from::text || '|' || billable FROM code_set WHERE code = 'E11.65'"));
        Assert.Equal("F|12|55", await db.TextAsync("SELECT sex || '|' || age_min || '|' || age_max FROM code_set WHERE code = 'O80'"));
        // ICD-10-CM Official Guidelines I.C.16.a.4: a perinatal (P00–P96) code is used at any age.
        Assert.Equal("|", await db.TextAsync("SELECT coalesce(age_min::text, '') || '|' || coalesce(age_max::text, '') FROM code_set WHERE code = 'P59.9'"));
        Assert.Equal(1, await db.ScalarAsync("SELECT count(*) FROM code_set_load WHERE kind = 'icd10cm' AND added = 10"));
    }

    [Fact]
    public async Task The_next_release_reports_what_was_added_changed_and_retired()
    {
        await using var db = await NewDatabaseAsync();
        var importer = new CodeSetImporter(db.DataSource);
        using (var first = TestFiles.Open("icd10cm_order_2025_sample.txt"))
            await importer.ImportIcd10CmOrderFileAsync(first, "icd10cm_order_2025.txt", new DateOnly(2024, 10, 1), cancellationToken: TestContext.Current.CancellationToken);

        using var next = TestFiles.Open("icd10cm_order_2026_sample.txt");
        var report = await importer.ImportIcd10CmOrderFileAsync(next, "icd10cm_order_2026.txt", new DateOnly(2025, 10, 1), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal((1, 1, 1), (report.Added, report.Changed, report.Retired));
        Assert.Equal("2025-09-30", await db.TextAsync("SELECT effective_to::text FROM code_set WHERE code = 'R51'"));
        Assert.Equal("Essential (primary) hypertension, revised", await db.TextAsync("SELECT long_description FROM code_set WHERE code = 'I10'"));
        Assert.Equal("2025-10-01", await db.TextAsync("SELECT effective_from::text FROM code_set WHERE code = 'E11.10'"));
    }

    [Fact]
    public async Task Importing_the_same_release_again_changes_nothing()
    {
        await using var db = await NewDatabaseAsync();
        var importer = new CodeSetImporter(db.DataSource);
        using (var first = TestFiles.Open("icd10cm_order_2025_sample.txt"))
            await importer.ImportIcd10CmOrderFileAsync(first, "a", new DateOnly(2024, 10, 1), cancellationToken: TestContext.Current.CancellationToken);
        using var again = TestFiles.Open("icd10cm_order_2025_sample.txt");
        var report = await importer.ImportIcd10CmOrderFileAsync(again, "a", new DateOnly(2024, 10, 1), cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal((0, 0, 0), (report.Added, report.Changed, report.Retired));
    }

    [Fact]
    public async Task A_broken_line_imports_nothing_and_names_its_line()
    {
        await using var db = await NewDatabaseAsync();
        var broken = TestFiles.WithLine("icd10cm_order_2025_sample.txt", 7, "00007 R51     X Headache                                                     Headache");

        var error = await Assert.ThrowsAsync<CodeSetFormatException>(() =>
            new CodeSetImporter(db.DataSource).ImportIcd10CmOrderFileAsync(broken, "icd10cm_order_2025.txt", new DateOnly(2024, 10, 1), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(7, error.LineNumber);
        Assert.Equal(0, await db.ScalarAsync("SELECT count(*) FROM code_set"));
        Assert.Equal(0, await db.ScalarAsync("SELECT count(*) FROM code_set_load"));
    }

    [Fact]
    public async Task A_code_twice_in_one_file_is_a_broken_line()
    {
        await using var db = await NewDatabaseAsync();
        var duplicate = TestFiles.WithLine("icd10cm_order_2025_sample.txt", 3, TestFiles.Text("icd10cm_order_2025_sample.txt").Split("\r\n")[1]);
        var error = await Assert.ThrowsAsync<CodeSetFormatException>(() =>
            new CodeSetImporter(db.DataSource).ImportIcd10CmOrderFileAsync(duplicate, "dup", new DateOnly(2024, 10, 1), cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal(3, error.LineNumber);
        Assert.Equal(0, await db.ScalarAsync("SELECT count(*) FROM code_set"));
    }

    [Fact]
    public async Task A_hcpcs_file_adds_level_ii_codes_with_their_full_long_description()
    {
        await using var db = await NewDatabaseAsync();
        using var reader = TestFiles.Open("HCPC2025_JAN_ANWEB_sample.txt");
        var report = await new CodeSetImporter(db.DataSource).ImportHcpcsFileAsync(reader, "HCPC2025_JAN_ANWEB.txt", new DateOnly(2025, 1, 1), cancellationToken: TestContext.Current.CancellationToken);

        // G2012 and CP carry termination dates before the release (2024-12-31, 2017-12-31): not part of it.
        Assert.Equal(6, report.Added);
        Assert.Equal(4, await db.ScalarAsync("SELECT count(*) FROM code_set WHERE system = 'hcpcs'"));
        Assert.Equal("AB,KX", await db.TextAsync("SELECT string_agg(code, ',' ORDER BY code) FROM code_set WHERE system = 'hcpcs-modifier'"));
        Assert.EndsWith("initial visit", await db.TextAsync("SELECT long_description FROM code_set WHERE system = 'hcpcs' AND code = 'G0438'"));
    }

    [Fact]
    public async Task A_ptp_table_adds_its_edits_and_a_changed_indicator_is_reported()
    {
        await using var db = await NewDatabaseAsync();
        var importer = new CodeSetImporter(db.DataSource);
        using (var reader = TestFiles.Open("ccipra_v311_sample.txt"))
        {
            var first = await importer.ImportNcciPtpFileAsync(reader, "ccipra_v311.txt", cancellationToken: TestContext.Current.CancellationToken);
            Assert.Equal((4, 0, 0), (first.Added, first.Changed, first.Retired));
        }

        var changed = TestFiles.WithLine("ccipra_v311_sample.txt", 6, "96372\t99213\t\t20150101\t*\t0\tStandards of medical / surgical practice");
        var report = await importer.ImportNcciPtpFileAsync(changed, "ccipra_v312.txt", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal((0, 1, 0), (report.Added, report.Changed, report.Retired));
        Assert.Equal("0", await db.TextAsync("SELECT modifier_indicator FROM ncci_ptp WHERE column1 = '96372' AND column2 = '99213'"));
        Assert.Equal("2019-12-31", await db.TextAsync("SELECT deletion_date::text FROM ncci_ptp WHERE column2 = '93040'"));
    }

    [Fact]
    public async Task An_edit_twice_in_a_ptp_table_is_refused_with_its_second_line_and_nothing_changes()
    {
        await using var db = await NewDatabaseAsync();
        var lines = TestFiles.Text("ccipra_v311_sample.txt").Split("\r\n");
        // Line 7 repeats line 4's edit (same column 1, column 2 and effective date): the table is keyed by them.
        var duplicate = TestFiles.WithLine("ccipra_v311_sample.txt", 7, lines[3]);
        var error = await Assert.ThrowsAsync<CodeSetFormatException>(() =>
            new CodeSetImporter(db.DataSource).ImportNcciPtpFileAsync(duplicate, "dup", cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal(7, error.LineNumber);
        Assert.Contains("36415/36416", error.Message);
        Assert.Equal(0, await db.ScalarAsync("SELECT count(*) FROM ncci_ptp"));
        Assert.Equal(0, await db.ScalarAsync("SELECT count(*) FROM code_set_load"));
    }

    [Fact]
    public async Task A_complete_ptp_table_retires_edits_it_no_longer_has()
    {
        await using var db = await NewDatabaseAsync();
        var importer = new CodeSetImporter(db.DataSource);
        using (var reader = TestFiles.Open("ccipra_v311_sample.txt"))
            await importer.ImportNcciPtpFileAsync(reader, "v311", cancellationToken: TestContext.Current.CancellationToken);
        var shorter = TestFiles.WithLine("ccipra_v311_sample.txt", 7, string.Empty);

        var report = await importer.ImportNcciPtpFileAsync(shorter, "v312", completeTable: true, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(1, report.Retired);
        Assert.Equal(3, await db.ScalarAsync("SELECT count(*) FROM ncci_ptp"));
    }

    [Fact]
    public async Task An_mue_table_adds_changes_and_retires_values()
    {
        await using var db = await NewDatabaseAsync();
        var importer = new CodeSetImporter(db.DataSource);
        using (var reader = TestFiles.Open("MCR_MUE_PractitionerServices_sample.txt"))
            Assert.Equal(3, (await importer.ImportMueFileAsync(reader, "mue-q1", cancellationToken: TestContext.Current.CancellationToken)).Added);

        var next = new StringReader(TestFiles.Text("MCR_MUE_PractitionerServices_sample.txt")
            .Replace("96372\t4\t", "96372\t6\t", StringComparison.Ordinal)
            .Replace("20610\t2\t1 Line Edit\tAnatomic Consideration\r\n", string.Empty, StringComparison.Ordinal));
        var report = await importer.ImportMueFileAsync(next, "mue-q2", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal((0, 1, 1), (report.Added, report.Changed, report.Retired));
        Assert.Equal(6, await db.ScalarAsync("SELECT mue_value FROM mue WHERE code = '96372'"));
    }

    internal static async Task<CodeSetDatabase> NewDatabaseAsync()
    {
        var db = new CodeSetDatabase();
        await db.InitializeAsync();
        return db;
    }
}

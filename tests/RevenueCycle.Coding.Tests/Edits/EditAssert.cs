using RevenueCycle.Coding.Edits;

namespace RevenueCycle.Coding.Tests.Edits;

internal static class EditAssert
{
    public static CodingEdit Reports(IReadOnlyList<CodingEdit> edits, string rule, string target, EditSeverity severity = EditSeverity.Error)
    {
        var edit = edits.FirstOrDefault(e => e.Rule == rule && e.Target == target);
        Assert.True(edit is not null, $"Expected {rule} at {target}; got: {Describe(edits)}");
        Assert.Equal(severity, edit.Severity);
        Assert.False(string.IsNullOrWhiteSpace(edit.Message));
        return edit;
    }

    public static void DoesNotReport(IReadOnlyList<CodingEdit> edits, string rule) =>
        Assert.True(edits.All(e => e.Rule != rule), $"Did not expect {rule}; got: {Describe(edits)}");

    public static void Clean(IReadOnlyList<CodingEdit> edits) =>
        Assert.True(edits.Count == 0, $"Expected no edits; got: {Describe(edits)}");

    private static string Describe(IReadOnlyList<CodingEdit> edits) =>
        edits.Count == 0 ? "(none)" : string.Join("; ", edits.Select(e => $"{e.Rule}@{e.Target}: {e.Message}"));
}

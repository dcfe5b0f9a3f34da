using System.Globalization;
using RevenueCycle.Coding.Suggestions;
using Xunit.v3;

namespace RevenueCycle.Coding.Tests.Suggestions;

/// <summary>Precision and recall of the top three suggestions over the labelled notes in TestData/.</summary>
public sealed class Suggestion_figures(ITestOutputHelper output)
{
    private const int TopN = 3;

    // Floors the engine reaches today, a little below its figures, so a regression fails the build.
    private const double PrecisionFloor = 0.85;
    private const double RecallFloor = 0.85;
    private const double HeldOutPrecisionFloor = 0.80;
    private const double HeldOutRecallFloor = 0.80;

    [Fact]
    public void Top_three_suggestions_reach_the_precision_and_recall_floors()
    {
        var notes = LabelledNotes.Load("labelled_notes.tsv");
        Assert.True(notes.Count >= 60, $"the labelled set has {notes.Count} notes; at least 60 are needed");
        var (precision, recall) = Measure("labelled", notes);
        Assert.True(precision >= PrecisionFloor, $"precision {precision:F3} is below {PrecisionFloor}");
        Assert.True(recall >= RecallFloor, $"recall {recall:F3} is below {RecallFloor}");
    }

    [Fact]
    public void Top_three_suggestions_on_held_out_notes_reach_their_floors()
    {
        var (precision, recall) = Measure("held-out", LabelledNotes.Load("heldout_notes.tsv"));
        Assert.True(precision >= HeldOutPrecisionFloor, $"precision {precision:F3} is below {HeldOutPrecisionFloor}");
        Assert.True(recall >= HeldOutRecallFloor, $"recall {recall:F3} is below {HeldOutRecallFloor}");
    }

    private (double Precision, double Recall) Measure(string name, IReadOnlyList<LabelledNote> notes)
    {
        int suggested = 0, correct = 0, expected = 0, found = 0;
        foreach (var note in notes)
        {
            var top = SuggestionEngine.Default.Suggest(note.Text).Take(TopN).Select(s => s.Code).ToList();
            var hits = top.Count(note.Expected.Contains);
            suggested += top.Count;
            correct += hits;
            // Recall over what top three can hold: a note labelled with four codes can score at most three.
            var reachable = Math.Min(note.Expected.Count, TopN);
            expected += reachable;
            found += Math.Min(note.Expected.Count(top.Contains), reachable);
            if (hits < reachable || hits < top.Count)
                output.WriteLine($"  line {note.Line}: expected [{string.Join(' ', note.Expected)}] got [{string.Join(' ', top)}]");
        }

        var precision = (double)correct / suggested;
        var recall = (double)found / expected;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Top-{TopN} over {notes.Count} {name} notes: precision {precision:F3} ({correct}/{suggested}), recall {recall:F3} ({found}/{expected})"));
        return (precision, recall);
    }
}

internal sealed record LabelledNote(int Line, IReadOnlyList<string> Expected, string Text);

internal static class LabelledNotes
{
    public static IReadOnlyList<LabelledNote> Load(string file)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "TestData", file);
        var notes = new List<LabelledNote>();
        var line = 0;
        foreach (var row in File.ReadLines(path))
        {
            line++;
            if (row.Length == 0 || row.StartsWith('#') || row.StartsWith("expected\t", StringComparison.Ordinal))
                continue;
            var tab = row.IndexOf('\t');
            notes.Add(new LabelledNote(line, row[..tab].Split(' ', StringSplitOptions.RemoveEmptyEntries), row[(tab + 1)..]));
        }
        return notes;
    }
}

namespace RevenueCycle.X12.Tests.Samples;

/// <summary>Small edits of sample X12 that tests use to make one thing wrong.</summary>
public static class X12Edit
{
    public static string Replace(this string x12, string segment, string replacement)
    {
        Assert.Contains(segment, x12);
        return x12.Replace(segment, replacement);
    }

    /// <summary>Removes the line breaks after the terminators, giving the file on one line as most payers send it.</summary>
    public static string OnOneLine(this string x12) => x12.Replace("\r", "").Replace("\n", "");

    /// <summary>Rewrites the text with other delimiters; the sample data must not contain them.</summary>
    public static string WithSeparators(this string x12, X12Separators separators, string lineBreak = "")
    {
        var text = x12.OnOneLine();
        var isa = text[..106];
        var rest = text[106..];
        isa = isa[..82].Replace('*', separators.Element) + separators.Repetition + isa[83..104].Replace('*', separators.Element)
              + separators.Component + separators.Segment + lineBreak;
        rest = rest.Replace(':', '\u0001').Replace('*', separators.Element).Replace('\u0001', separators.Component).Replace("~", separators.Segment + lineBreak);
        return isa + rest;
    }

    public static int SegmentCount(this string x12) => x12.OnOneLine().Split('~', StringSplitOptions.RemoveEmptyEntries).Length;
}

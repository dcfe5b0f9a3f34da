namespace RevenueCycle.Coding.CodeSets;

/// <summary>
/// The tab-delimited CMS tables (NCCI PTP, MUE): copyright and column-heading lines come first and are
/// skipped up to the first line whose first field is a CPT/HCPCS code; from there every non-empty line is
/// data, given with its line number so a broken one can be named.
/// </summary>
public static class CmsTabFile
{
    public static IEnumerable<(long LineNumber, string[] Fields)> DataLines(TextReader reader)
    {
        long number = 0;
        var inData = false;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (line.Trim().Length == 0)
                continue;
            var fields = line.Split('\t');
            if (!inData)
            {
                if (!CodeFormat.TryNormalizeProcedure(fields[0], out _))
                    continue;
                inData = true;
            }
            yield return (number, fields);
        }
    }
}

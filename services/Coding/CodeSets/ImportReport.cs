namespace RevenueCycle.Coding.CodeSets;

/// <summary>What one import changed: codes (or edits) added, changed and retired, over how many file lines.</summary>
public sealed record ImportReport(string Kind, string Source, long Lines, int Added, int Changed, int Retired);

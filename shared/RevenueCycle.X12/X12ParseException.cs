namespace RevenueCycle.X12;

/// <summary>
/// The only exception the readers throw for bad input. It says where: the segment id, its 1-based
/// ordinal in the file, and the element when one is at fault, so a person (or the Payments service,
/// rejecting a whole 835) can point at the exact place.
/// </summary>
public sealed class X12ParseException : Exception
{
    public X12ParseException(string message, string? segmentId, long segmentPosition, int? elementPosition = null, Exception? innerException = null)
        : base(message, innerException)
    {
        SegmentId = segmentId;
        SegmentPosition = segmentPosition;
        ElementPosition = elementPosition;
    }

    /// <summary>The segment at fault (<c>CLP</c>), or null when the input ended before a segment could be read.</summary>
    public string? SegmentId { get; }

    /// <summary>1-based ordinal of the segment in the file (ISA is 1).</summary>
    public long SegmentPosition { get; }

    /// <summary>1-based element position within the segment (4 for CLP04), when an element is at fault.</summary>
    public int? ElementPosition { get; }

    /// <summary>Builds the usual message: <c>CLP04 at segment 57: 'ABC' is not a decimal amount</c>.</summary>
    internal static X12ParseException At(string segmentId, long position, int? element, string problem) =>
        new($"{Reference(segmentId, element)} at segment {position}: {problem}", segmentId, position, element);

    internal static string Reference(string segmentId, int? element) =>
        element is { } e ? $"{segmentId}{e:00}" : segmentId;
}

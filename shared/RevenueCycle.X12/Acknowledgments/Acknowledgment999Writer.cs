namespace RevenueCycle.X12.Acknowledgments;

/// <summary>Writes 999s: AK1, then AK2/IK3/IK4/IK5 per transaction set, then AK9.</summary>
/// <example>
/// <code>
/// foreach (var ack in Claim837SyntaxValidator.Validate(new StringReader(x12)))
///     Acknowledgment999Writer.Write(output, ack with { Envelope = ourEnvelope });
/// </code>
/// </example>
public static class Acknowledgment999Writer
{
    private const int MaxBadDataLength = 99; // IK404 is AN 1/99

    public static string WriteToString(FunctionalAcknowledgment999 acknowledgment, X12WriterOptions? options = null) =>
        X12Writer.WriteSingleToString(acknowledgment.Envelope, options, x12 => WriteTransactionSet(x12, acknowledgment));

    public static void Write(TextWriter output, FunctionalAcknowledgment999 acknowledgment, X12WriterOptions? options = null) =>
        X12Writer.WriteSingle(output, acknowledgment.Envelope, options, x12 => WriteTransactionSet(x12, acknowledgment));

    public static void WriteTransactionSet(X12Writer x12, FunctionalAcknowledgment999 acknowledgment)
    {
        x12.BeginTransactionSet("999", acknowledgment.Envelope.TransactionSetControlNumber, X12Versions.FunctionalAcknowledgment999);
        x12.Segment("AK1").Element(acknowledgment.FunctionalIdentifierCode).Element(acknowledgment.GroupControlNumber).Element(acknowledgment.Version);
        foreach (var set in acknowledgment.TransactionSets)
        {
            x12.Segment("AK2").Element(set.TransactionSetId).Element(set.ControlNumber).Element(set.ImplementationReference);
            foreach (var segment in set.SegmentErrors)
            {
                x12.Segment("IK3").Element(segment.SegmentId).Element(segment.Position).Element(segment.LoopId).Element(segment.ErrorCode);
                foreach (var element in segment.ElementErrors)
                {
                    x12.Segment("IK4").Composite(
                            element.ElementPosition.ToString(System.Globalization.CultureInfo.InvariantCulture),
                            element.ComponentPosition?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                            element.RepetitionPosition?.ToString(System.Globalization.CultureInfo.InvariantCulture))
                        .Element(element.ReferenceNumber).Element(element.ErrorCode).Element(Clean(element.BadData, x12.Separators));
                }
            }
            x12.Segment("IK5").Element(set.Status.ToCode());
            foreach (var code in set.ErrorCodes)
                x12.Element(code);
        }
        x12.Segment("AK9").Element(acknowledgment.GroupStatus.ToCode()).Element(acknowledgment.TransactionSetsIncluded)
            .Element(acknowledgment.TransactionSetsReceived).Element(acknowledgment.TransactionSetsAccepted);
        foreach (var code in acknowledgment.GroupErrorCodes)
            x12.Element(code);
        x12.EndTransactionSet();
    }

    /// <summary>Bad data is echoed for people to read; a delimiter in it would break the 999, so it is dropped.</summary>
    private static string? Clean(string? badData, X12Separators separators)
    {
        if (badData is null)
            return null;
        var cleaned = new string(badData.Where(c => !separators.IsDelimiter(c) && !char.IsControl(c)).Take(MaxBadDataLength).ToArray());
        return cleaned.Length == 0 ? null : cleaned;
    }
}

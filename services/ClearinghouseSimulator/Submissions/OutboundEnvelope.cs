using System.Data.Common;
using Dapper;
using RevenueCycle.X12;

namespace RevenueCycle.ClearinghouseSimulator.Submissions;

/// <summary>
/// The envelope of a file the simulator sends back: from the party the submitter addressed (its ISA08/GS03)
/// to the submitter, with an interchange control number from the database's sequence, unique per sender.
/// </summary>
public static class OutboundEnvelope
{
    public const string SimulatorId = "RCMSIMULATOR";

    public static async Task<X12Envelope> NextAsync(DbConnection connection, DbTransaction transaction, string submitterId, string? senderId,
        string functionalIdentifierCode, string version, DateTime now)
    {
        var controlNumber = (int)await connection.ExecuteScalarAsync<long>("SELECT nextval('interchange_control_numbers')", transaction: transaction);
        var sender = string.IsNullOrWhiteSpace(senderId) ? SimulatorId : senderId.Trim();
        return new X12Envelope(
            new InterchangeHeader { SenderId = Fit(sender, 15), ReceiverId = Fit(submitterId, 15), Created = now, ControlNumber = controlNumber },
            new FunctionalGroupHeader
            {
                FunctionalIdentifierCode = functionalIdentifierCode,
                ApplicationSenderCode = sender,
                ApplicationReceiverCode = submitterId,
                Created = now,
                ControlNumber = controlNumber,
                Version = version,
            },
            "0001");
    }

    public static string Format(int controlNumber) => controlNumber.ToString("D9", System.Globalization.CultureInfo.InvariantCulture);

    static string Fit(string id, int length) => id.Length <= length ? id : id[..length];

    /// <summary>
    /// ISA13 straight from the text: the ISA is fixed width and its fourth character is the element
    /// separator, so the control number is found before any parsing (for de-duplication).
    /// </summary>
    public static string? InterchangeControlNumber(string x12)
    {
        var text = x12.AsSpan().TrimStart();
        if (text.Length < 106 || !text.StartsWith("ISA", StringComparison.Ordinal)) return null;
        var elements = text[..106].ToString().Split(text[3]);
        return elements.Length > 13 ? elements[13].Trim() : null;
    }

    /// <summary>GS01 of the first functional group: HC for 837 claims, HS for 270 inquiries.</summary>
    public static string? FunctionalIdentifier(string x12)
    {
        var text = x12.AsSpan().TrimStart();
        if (text.Length < 106) return null;
        var separator = text[3];
        var gs = text.IndexOf($"GS{separator}", StringComparison.Ordinal);
        if (gs < 0) return null;
        var rest = text[(gs + 3)..];
        var end = rest.IndexOf(separator);
        return end < 0 ? null : rest[..end].ToString();
    }
}

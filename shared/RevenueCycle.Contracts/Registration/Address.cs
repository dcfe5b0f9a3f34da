namespace RevenueCycle.Contracts.Registration;

/// <summary>A US postal address; <see cref="Zip"/> is 5 or 9 digits without the dash (837P N4 wants 9 for a billing provider).</summary>
public sealed record Address(string Line1, string? Line2, string City, string State, string Zip);

/// <summary>
/// Mailbox-only addresses: P.O. boxes, lockboxes, private mailboxes. X222A1 2010AA N3: the billing provider's address
/// must be a street address; a P.O. box or lock box is sent as the pay-to address (2010AB).
/// </summary>
public static partial class PostOfficeBox
{
    [System.Text.RegularExpressions.GeneratedRegex(
        @"\b(P\.?\s*O\.?\s*B(OX)?|POST\s+OFFICE\s+BOX|POB|LOCK\s*BOX|PMB|DRAWER|CALLER\s+BOX|BOX)\s*#?\s*\d",
        System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex Pattern();

    public static bool Matches(string? line) => line is not null && Pattern().IsMatch(line);

    /// <summary>The address's first line that is a mailbox: "line1", "line2" or null for a street address.</summary>
    public static string? LineOf(Address address) =>
        Matches(address.Line1) ? "line1" : Matches(address.Line2) ? "line2" : null;
}

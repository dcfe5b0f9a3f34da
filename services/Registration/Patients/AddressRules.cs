using RevenueCycle.Contracts.Registration;
using RevenueCycle.ServiceDefaults.Http;

namespace RevenueCycle.Registration.Patients;

public static class AddressRules
{
    // USPS state and territory codes (837P N4 02 is a two-letter code from this list).
    static readonly HashSet<string> States =
    [
        "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY", "LA",
        "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR",
        "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY", "PR", "VI", "GU", "AS", "MP",
        "AA", "AE", "AP",
    ];

    const int MaxLine = 55;   // 837P N3 01/02
    const int MaxCity = 30;   // 837P N4 01

    public static void Validate(Validation v, Address? address, string field, bool requireNineDigitZip = false)
    {
        if (address is null) { v.Error(field, "is required."); return; }
        if (v.Required(address.Line1, $"{field}.line1"))
            v.Check(address.Line1.Length <= MaxLine, $"{field}.line1", $"must be at most {MaxLine} characters.");
        if (address.Line2 is not null)
            v.Check(address.Line2.Length <= MaxLine, $"{field}.line2", $"must be at most {MaxLine} characters.");
        if (v.Required(address.City, $"{field}.city"))
            v.Check(address.City.Length <= MaxCity, $"{field}.city", $"must be at most {MaxCity} characters.");
        if (v.Required(address.State, $"{field}.state"))
            v.Check(States.Contains(address.State.ToUpperInvariant()), $"{field}.state", $"'{address.State}' is not a US state or territory code.");
        if (v.Required(address.Zip, $"{field}.zip"))
        {
            var zip = NormalizeZip(address.Zip);
            if (requireNineDigitZip)
                v.Check(zip.Length == 9 && zip.All(char.IsAsciiDigit), $"{field}.zip", "must be a 9-digit ZIP+4 (837P loop 2010AA N403).");
            else
                v.Check(zip.Length is 5 or 9 && zip.All(char.IsAsciiDigit), $"{field}.zip", "must be 5 or 9 digits.");
        }
    }

    public static string NormalizeZip(string zip) => zip.Replace("-", "").Trim();

    public static Address Normalize(Address a) => a with { Zip = NormalizeZip(a.Zip), State = a.State.ToUpperInvariant() };
}

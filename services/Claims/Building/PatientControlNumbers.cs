namespace RevenueCycle.Claims.Building;

/// <summary>
/// CLM01, echoed by the payer as CLP01 on the 835 and by the clearinghouse on the 277CA. It must be
/// unique per tenant and short: 837P CLM01 allows 38 characters, but many payers truncate after 20.
/// Built from a per-tenant counter, so two claims never share one.
/// </summary>
public static class PatientControlNumbers
{
    public const int MaxLength = 20; // what payers keep of CLM01 in practice (835 CLP01 is 1-38)
    const string Prefix = "RC";

    public static string Format(long sequence)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sequence, 1);
        return Prefix + sequence.ToString("D7", System.Globalization.CultureInfo.InvariantCulture);
    }
}

namespace RevenueCycle.EndToEnd.Platform;

/// <summary>Small request builders: each test states only what matters to it.</summary>
public static class Builders
{
    static int next;

    public static string Mrn() => $"MRN-{Interlocked.Increment(ref next):D4}-{Guid.NewGuid():N}"[..20];

    public static object Patient(string? mrn = null, string firstName = "Ada", string lastName = "Lovelace",
        string dateOfBirth = "1980-12-10", string sex = "F") => new
    {
        mrn = mrn ?? Mrn(),
        firstName,
        lastName,
        dateOfBirth,
        sex,
        address = new { line1 = "12 Elm St", city = "Springfield", state = "IL", zip = "627011234" },
        phone = "2175550100",
    };
}

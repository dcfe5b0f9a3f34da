namespace RevenueCycle.Contracts.Registration;

/// <summary>A US postal address; <see cref="Zip"/> is 5 or 9 digits without the dash (837P N4 wants 9 for a billing provider).</summary>
public sealed record Address(string Line1, string? Line2, string City, string State, string Zip);

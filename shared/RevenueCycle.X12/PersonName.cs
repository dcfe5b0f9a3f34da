namespace RevenueCycle.X12;

/// <summary>A person's name as NM103..NM107 carry it.</summary>
public sealed record PersonName(string LastName, string? FirstName = null, string? MiddleName = null, string? Suffix = null)
{
    internal static PersonName Read(in X12Segment nm1) =>
        new(nm1.RequireString(3), nm1.GetString(4), nm1.GetString(5), nm1.GetString(7));

    /// <summary>NM1*code*1*last*first*middle**suffix*qualifier*id.</summary>
    internal void Write(X12Writer x12, string entityIdentifierCode, string? idQualifier, string? identifier) =>
        x12.Segment("NM1").Element(entityIdentifierCode).Element("1").Element(LastName).Element(FirstName).Element(MiddleName)
            .Element((string?)null).Element(Suffix).Element(identifier is null ? null : idQualifier).Element(identifier);
}

/// <summary>DMG03.</summary>
public enum Gender
{
    Female,
    Male,
    Unknown,
}

internal static class Demographics
{
    public static void Write(X12Writer x12, DateOnly? birthDate, Gender? gender)
    {
        if (birthDate is null && gender is null)
            return;
        x12.Segment("DMG").Element("D8").Element(birthDate).Element(gender switch { Gender.Female => "F", Gender.Male => "M", Gender.Unknown => "U", _ => null });
    }

    public static (DateOnly? BirthDate, Gender? Gender) Read(in X12Segment dmg)
    {
        if (!dmg.Element(1).SequenceEqual("D8"))
            throw dmg.Error(1, $"'{dmg.Element(1)}' is not D8 (the birth date format)");
        Gender? gender = dmg.Element(3) switch
        {
            "F" => Gender.Female,
            "M" => Gender.Male,
            "U" => Gender.Unknown,
            "" => null,
            var other => throw dmg.Error(3, $"'{other}' is not a gender code (F, M, U)"),
        };
        return (dmg.RequireDate(2), gender);
    }
}

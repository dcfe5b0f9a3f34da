namespace RevenueCycle.X12;

/// <summary>NM102: a person or an organization.</summary>
public enum EntityType
{
    Person = 1,
    Organization = 2,
}

/// <summary>The name and identifier an NM1 carries (NM103..NM107, NM108/NM109).</summary>
public sealed record EntityName
{
    public EntityType Type { get; init; } = EntityType.Person;

    /// <summary>NM103: the last name of a person or the name of an organization.</summary>
    public required string LastNameOrOrganization { get; init; }

    public string? FirstName { get; init; }
    public string? MiddleName { get; init; }
    public string? Suffix { get; init; }

    /// <summary>NM108: XX NPI, MI member id, PI payer id, FI tax id, 46 ETIN, ...</summary>
    public string? IdQualifier { get; init; }

    public string? Identifier { get; init; }

    public const string NpiQualifier = "XX";
    public const string MemberIdQualifier = "MI";
    public const string PayerIdQualifier = "PI";

    public static EntityName Organization(string name, string? idQualifier = null, string? identifier = null) =>
        new() { Type = EntityType.Organization, LastNameOrOrganization = name, IdQualifier = idQualifier, Identifier = identifier };

    public static EntityName Person(string lastName, string? firstName, string? idQualifier = null, string? identifier = null) =>
        new() { LastNameOrOrganization = lastName, FirstName = firstName, IdQualifier = idQualifier, Identifier = identifier };

    /// <param name="cache">When given, the short values (names, qualifiers) are shared through it.</param>
    internal static EntityName Read(in X12Segment nm1, StringCache? cache = null)
    {
        var type = nm1.Element(2) switch
        {
            "1" => EntityType.Person,
            "2" => EntityType.Organization,
            _ => throw nm1.NotA(2, "an entity type (1 person, 2 organization)"),
        };
        // NM103 is situational in a few loops (a patient known only by member id), hence not required here.
        if (cache is null)
        {
            return new EntityName
            {
                Type = type,
                LastNameOrOrganization = nm1.GetString(3) ?? "",
                FirstName = nm1.GetString(4),
                MiddleName = nm1.GetString(5),
                Suffix = nm1.GetString(7),
                IdQualifier = nm1.GetString(8),
                Identifier = nm1.GetString(9),
            };
        }
        // Identifiers (NM109: member ids, NPIs) are nearly all distinct; names and qualifiers repeat.
        return new EntityName
        {
            Type = type,
            LastNameOrOrganization = cache.Get(nm1.Element(3)),
            FirstName = cache.GetOrNull(nm1.Element(4)),
            MiddleName = cache.GetOrNull(nm1.Element(5)),
            Suffix = cache.GetOrNull(nm1.Element(7)),
            IdQualifier = cache.GetOrNull(nm1.Element(8)),
            Identifier = nm1.GetString(9),
        };
    }

    internal void Write(X12Writer x12, string entityIdentifierCode)
    {
        x12.Segment("NM1").Element(entityIdentifierCode).Element(((int)Type).ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Element(LastNameOrOrganization).Element(FirstName).Element(MiddleName).Element((string?)null).Element(Suffix)
            .Element(IdQualifier).Element(Identifier);
    }
}

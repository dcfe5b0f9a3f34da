namespace RevenueCycle.X12.Claims;

/// <summary>Loop 2000A/2010AA: the billing provider, an organization identified by its NPI.</summary>
public sealed record BillingProvider837
{
    public required string OrganizationName { get; init; }
    public required string Npi { get; init; }

    /// <summary>PRV*BI*PXC: the provider's taxonomy code.</summary>
    public string? TaxonomyCode { get; init; }

    /// <summary>N3/N4; the ZIP must have nine digits and the street cannot be a P.O. box.</summary>
    public required Address Address { get; init; }

    /// <summary>REF*EI: the employer identification number (tax id).</summary>
    public required string TaxId { get; init; }
}

/// <summary>SBR01: the order of this payer's liability.</summary>
public enum PayerResponsibility
{
    Primary,
    Secondary,
    Tertiary,
    Unknown,
}

internal static class PayerResponsibilityCodes
{
    public static string ToCode(this PayerResponsibility responsibility) => responsibility switch
    {
        PayerResponsibility.Primary => "P",
        PayerResponsibility.Secondary => "S",
        PayerResponsibility.Tertiary => "T",
        _ => "U",
    };

    public static PayerResponsibility Read(in X12Segment sbr) => sbr.Element(1) switch
    {
        "P" => PayerResponsibility.Primary,
        "S" => PayerResponsibility.Secondary,
        "T" => PayerResponsibility.Tertiary,
        "U" => PayerResponsibility.Unknown,
        var other => throw sbr.Error(1, $"'{other}' is not a payer responsibility code (P, S, T, U)"),
    };
}

/// <summary>Loop 2000B/2010BA: the subscriber (insured) of the payer billed.</summary>
public sealed record Subscriber837
{
    /// <summary>SBR01.</summary>
    public PayerResponsibility Responsibility { get; init; } = PayerResponsibility.Primary;

    /// <summary>SBR03: the group or policy number.</summary>
    public string? GroupNumber { get; init; }

    /// <summary>SBR04.</summary>
    public string? GroupName { get; init; }

    /// <summary>
    /// SBR05, the insurance type code (12 working aged, 13 ESRD, 14 no-fault, 15 workers' compensation, 16 public health
    /// service, 41 black lung, 42 veterans, 43 disabled, 47 other liability): X222A1 2000B requires it when the payer in
    /// 2010BB is Medicare and Medicare is not the primary payer. Read from the 837; <see cref="Claim837Writer"/> does not write it yet.
    /// </summary>
    public string? InsuranceTypeCode { get; init; }

    /// <summary>SBR09: CI commercial, MB Medicare Part B, MC Medicaid, BL Blue Cross, HM HMO, 12 PPO, ...</summary>
    public required string ClaimFilingCode { get; init; }

    public required PersonName Name { get; init; }

    /// <summary>NM109 with NM108 MI.</summary>
    public required string MemberId { get; init; }

    /// <summary>N3/N4, sent when the subscriber is the patient.</summary>
    public Address? Address { get; init; }

    /// <summary>DMG, sent when the subscriber is the patient.</summary>
    public DateOnly? BirthDate { get; init; }

    public Gender? Gender { get; init; }
}

/// <summary>Loop 2010BB: the payer billed, identified by its payer id.</summary>
public sealed record Payer837
{
    public required string Name { get; init; }

    /// <summary>NM109 with NM108 PI.</summary>
    public required string PayerId { get; init; }

    public Address? Address { get; init; }
}

/// <summary>Loop 2000C/2010CA: the patient, when not the subscriber.</summary>
public sealed record Patient837
{
    /// <summary>PAT01: 01 spouse, 19 child, 20 employee, 21 unknown, 39 organ donor, 40 cadaver donor, 53 life partner, G8 other.</summary>
    public required string RelationshipToSubscriber { get; init; }

    public required PersonName Name { get; init; }
    public required Address Address { get; init; }
    public required DateOnly BirthDate { get; init; }
    public required Gender Gender { get; init; }

    public const string Spouse = "01";
    public const string Child = "19";
}

/// <summary>Loop 2310C: the service facility location (NM1*77), its NPI when it has one, and its address (N3/N4).</summary>
public sealed record ServiceFacility837
{
    public required string Name { get; init; }

    /// <summary>NM109 with NM108 XX; situational (a facility without an NPI of its own).</summary>
    public string? Npi { get; init; }

    public Address? Address { get; init; }
}

/// <summary>Loop 2310B: the clinician who rendered the care, when not the billing provider.</summary>
public sealed record RenderingProvider837
{
    public required PersonName Name { get; init; }
    public required string Npi { get; init; }

    /// <summary>PRV*PE*PXC.</summary>
    public string? TaxonomyCode { get; init; }
}

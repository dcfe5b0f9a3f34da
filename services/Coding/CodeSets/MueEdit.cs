namespace RevenueCycle.Coding.CodeSets;

/// <summary>MUE adjudication indicator (MAI): how CMS counts units against the MUE value.</summary>
public enum MueAdjudicationIndicator
{
    /// <summary>MAI 1: per claim line; the same code on another line with a modifier (76, 77, RT, LT…) counts apart.</summary>
    ClaimLine = 1,

    /// <summary>MAI 2: per date of service, absolute (policy); no higher value is ever payable.</summary>
    DateOfServicePolicy = 2,

    /// <summary>MAI 3: per date of service (clinical); higher values are rare and need documentation.</summary>
    DateOfServiceClinical = 3,
}

/// <summary>A medically unlikely edit: the most units of a code one practitioner reports for a patient.</summary>
public sealed record MueEdit(string Code, int MaxUnits, MueAdjudicationIndicator AdjudicationIndicator, string Rationale)
{
    public bool CountsPerDateOfService => AdjudicationIndicator != MueAdjudicationIndicator.ClaimLine;
}

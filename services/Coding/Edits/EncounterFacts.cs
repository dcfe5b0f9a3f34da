using RevenueCycle.Coding.CodeSets;

namespace RevenueCycle.Coding.Edits;

/// <summary>What the edits need to know about the visit and the patient.</summary>
public sealed record EncounterFacts(DateOnly DateOfService, string PlaceOfService, DateOnly PatientDateOfBirth, Sex PatientSex)
{
    /// <summary>Age in completed years on the date of service, the unit of the CMS age edits.</summary>
    public int PatientAge
    {
        get
        {
            var age = DateOfService.Year - PatientDateOfBirth.Year;
            if (DateOfService < PatientDateOfBirth.AddYears(age))
                age--;
            return Math.Max(age, 0);
        }
    }
}

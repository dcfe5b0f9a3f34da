namespace RevenueCycle.Coding.Edits;

/// <summary>The stable rule ids the edits report; clients match on these, so they never change.</summary>
public static class EditRules
{
    public const string CodeFormat = "CODE-FORMAT";
    public const string PlaceOfServiceUnknown = "POS-UNKNOWN";
    public const string DiagnosisMissing = "DX-MISSING";
    public const string DiagnosisUnknown = "DX-UNKNOWN";
    public const string DiagnosisNotBillable = "DX-NOT-BILLABLE";
    public const string DiagnosisNotEffective = "DX-NOT-EFFECTIVE";
    public const string DiagnosisDuplicate = "DX-DUPLICATE";
    public const string DiagnosisMax12 = "DX-MAX-12";
    public const string ExternalCausePrincipal = "DX-EXTERNAL-CAUSE-PRINCIPAL";
    public const string ProcedureMissing = "PX-MISSING";
    public const string ProcedureUnknown = "PX-UNKNOWN";
    public const string ProcedureNotEffective = "PX-NOT-EFFECTIVE";
    public const string PointerRange = "PX-POINTER-RANGE";
    public const string PointerMissing = "PX-POINTER-MISSING";
    public const string PointerDuplicate = "PX-POINTER-DUPLICATE";
    public const string Max4Pointers = "PX-MAX-4-POINTERS";
    public const string Max4Modifiers = "PX-MAX-4-MODIFIERS";
    public const string ModifierInvalid = "PX-MODIFIER-INVALID";
    public const string ModifierDuplicate = "PX-MODIFIER-DUPLICATE";
    public const string Units = "PX-UNITS";
    public const string MueExceeded = "MUE-EXCEEDED";
    public const string NcciPtpNeverTogether = "NCCI-PTP-0";
    public const string NcciPtpModifierRequired = "NCCI-PTP-1";
    public const string SexConflict = "SEX-CONFLICT";
    public const string AgeConflict = "AGE-CONFLICT";
    public const string EmModifier25 = "EM-MODIFIER-25";
}

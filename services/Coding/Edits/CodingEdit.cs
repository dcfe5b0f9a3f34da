namespace RevenueCycle.Coding.Edits;

/// <summary>
/// One finding of the edits. <see cref="Rule"/> is a stable id (see <see cref="EditRules"/>);
/// <see cref="Target"/> names the place in the PUT body, zero-based: <c>diagnoses[2]</c>,
/// <c>procedures[1].modifiers[0]</c>, <c>procedures[0].units</c>, <c>placeOfService</c>.
/// </summary>
public sealed record CodingEdit(string Rule, EditSeverity Severity, string Message, string Target);

using System.Text.Json.Serialization;

namespace RevenueCycle.Coding.Edits;

/// <summary>Errors block finalizing the coding (a payer would reject or deny); warnings ask a coder to look.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<EditSeverity>))]
public enum EditSeverity
{
    [JsonStringEnumMemberName("error")]
    Error,

    [JsonStringEnumMemberName("warning")]
    Warning,
}

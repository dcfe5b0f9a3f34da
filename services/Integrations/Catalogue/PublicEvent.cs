using System.Text.Json.Nodes;

namespace RevenueCycle.Integrations.Catalogue;

/// <summary>The resource an event is about: its events are numbered, and delivered in order, per resource.</summary>
public sealed record ResourceRef(string Type, Guid Id)
{
    public string OrderingKey => $"{Type}:{Id:N}";
}

/// <summary>A public event before it is numbered: what the catalogue makes of an internal event.</summary>
public sealed record EventDraft(string Type, Guid TenantId, ResourceRef Resource, DateTimeOffset OccurredAt, JsonObject Data);

/// <summary>
/// A public event as integrators receive it (webhook body and change-feed item): a stable <c>id</c> (the same on every
/// retry and in the feed), the <c>sequence</c> of its resource (a receiver discards an event older than one it has),
/// and <c>data</c>, the public shape of <c>apiVersion</c>.
/// </summary>
public sealed record PublicEvent(
    Guid Id, string Type, string ApiVersion, Guid TenantId, DateTimeOffset OccurredAt, PublicResource Resource, long Sequence,
    JsonObject Data);

public sealed record PublicResource(string Type, Guid Id);

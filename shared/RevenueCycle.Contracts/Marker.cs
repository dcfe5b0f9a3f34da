namespace RevenueCycle.Contracts;

/// <summary>Anchors the contracts assembly for reflection (the outbox resolves message types from it).</summary>
public sealed class Marker;

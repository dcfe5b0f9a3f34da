namespace RevenueCycle.Integrations;

/// <summary>The <c>Integrations</c> settings.</summary>
public sealed class IntegrationsOptions
{
    /// <summary>The key webhook signing secrets are sealed with at rest (any text; its SHA-256 is the AES-256 key). Required.</summary>
    public string? SecretKey { get; set; }

    /// <summary>Plain http to any host (https is required otherwise, except to loopback).</summary>
    public bool AllowHttp { get; set; }

    /// <summary>Deliveries to 127.0.0.0/8 and ::1 (development, tests and the demo's local receiver).</summary>
    public bool AllowLoopback { get; set; }

    /// <summary>Deliveries to private networks (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7): an operator's own receivers.</summary>
    public bool AllowPrivateNetworks { get; set; }

    public DeliveryOptions Delivery { get; set; } = new();
}

public sealed class DeliveryOptions
{
    /// <summary>How long a receiver has to answer (the 10 s).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
    /// <summary>The first retry's delay; each later one doubles it, with jitter, up to <see cref="MaxDelay"/>.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromHours(6);
    /// <summary>How long a delivery is retried before it fails (and its endpoint, when nothing got through meanwhile, is disabled).</summary>
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromDays(3);
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);
    public int BatchSize { get; set; } = 20;
    /// <summary>How long events (the change feed) and finished deliveries are kept.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);
}

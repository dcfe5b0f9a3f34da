using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace RevenueCycle.Integrations.Subscriptions;

/// <summary>
/// Where a webhook may point (server-side request forgery, OWASP SSRF prevention): https, except to loopback or when
/// the operator allows http; never to link-local addresses (169.254.0.0/16, where clouds serve instance metadata
/// and credentials at 169.254.169.254, and fe80::/10), unspecified, multicast or broadcast addresses; loopback and
/// private networks only when the operator allows them. A host name is resolved and every address it has is checked,
/// when the endpoint is saved and again at each connection (<see cref="ConnectAsync"/>), so a name re-pointed later
/// (DNS rebinding) is refused too.
/// </summary>
public sealed class UrlGuard(IOptions<IntegrationsOptions> options)
{
    public const int MaxUrlLength = 2048;
    static readonly TimeSpan ResolveTimeout = TimeSpan.FromSeconds(3);

    IntegrationsOptions Settings => options.Value;

    /// <summary>Null when <paramref name="url"/> may receive deliveries; otherwise why not.</summary>
    public async Task<string?> RefuseAsync(string? url, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(url)) return "is required.";
        if (url.Length > MaxUrlLength) return $"must be at most {MaxUrlLength} characters.";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || string.IsNullOrEmpty(uri.Host))
            return "must be an absolute https URL.";
        if (!string.IsNullOrEmpty(uri.UserInfo)) return "must not carry a user name or password.";
        if (!string.IsNullOrEmpty(uri.Fragment)) return "must not have a fragment.";
        IPAddress[] addresses;
        try
        {
            addresses = await ResolveAsync(uri.IdnHost, ct);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ArgumentException && !ct.IsCancellationRequested)
        {
            return $"names a host that does not resolve ({uri.Host}).";
        }
        if (addresses.Length == 0) return $"names a host that does not resolve ({uri.Host}).";
        foreach (var address in addresses)
            if (Refuse(address) is { } why) return $"resolves to {address}, {why}";
        if (uri.Scheme == "http" && !Settings.AllowHttp && !addresses.All(IPAddress.IsLoopback))
            return "must use https (http is allowed only to loopback, or when the operator sets Integrations:AllowHttp).";
        return null;
    }

    /// <summary>Null when a connection to <paramref name="address"/> is allowed; otherwise why not.</summary>
    public string? Refuse(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address))
            return Settings.AllowLoopback ? null : "a loopback address (allowed only when the operator sets Integrations:AllowLoopback).";
        return Classify(address) switch
        {
            AddressKind.Public => null,
            AddressKind.Private => Settings.AllowPrivateNetworks ? null : "a private network address (allowed only when the operator sets Integrations:AllowPrivateNetworks).",
            AddressKind.LinkLocal => "a link-local address (cloud instance metadata lives there): never allowed.",
            _ => "not a unicast address a receiver can have: never allowed.",
        };
    }

    public enum AddressKind { Public, Private, LinkLocal, Reserved }

    public static AddressKind Classify(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b switch
            {
                [0, ..] or [>= 224, ..] => AddressKind.Reserved,                    // "this network", multicast, reserved, broadcast
                [169, 254, ..] => AddressKind.LinkLocal,                             // RFC 3927, cloud metadata 169.254.169.254
                [10, ..] or [192, 168, ..] or [172, >= 16 and <= 31, ..] => AddressKind.Private, // RFC 1918
                [100, >= 64 and <= 127, ..] => AddressKind.Private,                  // RFC 6598 carrier-grade NAT
                [198, 18 or 19, ..] => AddressKind.Private,                          // RFC 2544 benchmarking
                [192, 0, 0, ..] => AddressKind.Reserved,                             // RFC 6890 IETF protocol assignments
                _ => AddressKind.Public,
            };
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (address.Equals(IPAddress.IPv6None) || address.Equals(IPAddress.IPv6Any) || address.IsIPv6Multicast) return AddressKind.Reserved;
            if (address.IsIPv6LinkLocal || address.IsIPv6SiteLocal) return AddressKind.LinkLocal;
            var b = address.GetAddressBytes();
            if ((b[0] & 0xFE) == 0xFC) return AddressKind.Private;                  // fc00::/7 unique local (RFC 4193)
            if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8) return AddressKind.Reserved; // 2001:db8::/32 documentation
            if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b) return AddressKind.Reserved; // 64:ff9b::/96 NAT64 could reach anything
            return AddressKind.Public;
        }
        return AddressKind.Reserved;
    }

    static async Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct)
    {
        if (IPAddress.TryParse(host.Trim('[', ']'), out var literal)) return [literal];
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(ResolveTimeout);
        return await Dns.GetHostAddressesAsync(host, timeout.Token);
    }

    /// <summary>
    /// The delivery client's connect step (SocketsHttpHandler.ConnectCallback): resolves the host itself, refuses every
    /// address the guard refuses, and connects only to one it allows.
    /// </summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var addresses = await ResolveAsync(context.DnsEndPoint.Host, ct);
        var refusals = new List<string>();
        foreach (var address in addresses)
        {
            if (Refuse(address) is { } why)
            {
                refusals.Add($"{address}: {why}");
                continue;
            }
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                refusals.Add($"{address}: {e.SocketErrorCode}");
            }
        }
        throw new HttpRequestException($"No address of {context.DnsEndPoint.Host} may be or could be reached: {string.Join("; ", refusals)}");
    }
}

using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace RevenueCycle.EndToEnd.Platform;

public sealed record ReceivedSpan(string Service, string TraceId, string SpanId, string ParentSpanId, string Name);

/// <summary>
/// A real OTLP/HTTP endpoint the services export to, decoding just enough of the protobuf
/// (ExportTraceServiceRequest → ResourceSpans → Resource.attributes / ScopeSpans.spans) to tell
/// which service produced which span of which trace.
/// </summary>
public sealed class OtlpTraceReceiver : IAsyncDisposable
{
    readonly WebApplication app;
    public ConcurrentBag<ReceivedSpan> Spans { get; } = [];
    public Uri Endpoint { get; }

    public OtlpTraceReceiver()
    {
        var port = TestEnvironment.FreePort();
        Endpoint = new Uri($"http://127.0.0.1:{port}");
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(Endpoint.ToString());
        builder.Logging.ClearProviders();
        app = builder.Build();
        app.MapPost("/v1/traces", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            foreach (var span in Decode(body.ToArray())) Spans.Add(span);
            return Results.Bytes([], "application/x-protobuf");
        });
        app.MapPost("/v1/metrics", () => Results.Bytes([], "application/x-protobuf"));
        app.MapPost("/v1/logs", () => Results.Bytes([], "application/x-protobuf"));
    }

    public Task StartAsync() => app.StartAsync();

    public ValueTask DisposeAsync() => app.DisposeAsync();

    static IEnumerable<ReceivedSpan> Decode(byte[] request)
    {
        foreach (var (field, resourceSpans) in Fields(request))
        {
            if (field != 1) continue;
            var service = "";
            var spans = new List<(string, string, string, string)>();
            foreach (var (f, value) in Fields(resourceSpans))
            {
                if (f == 1) // Resource
                    foreach (var (af, attribute) in Fields(value))
                    {
                        if (af != 1) continue;
                        string? key = null, str = null;
                        foreach (var (kf, kv) in Fields(attribute))
                        {
                            if (kf == 1) key = System.Text.Encoding.UTF8.GetString(kv);
                            if (kf == 2) foreach (var (vf, v) in Fields(kv)) if (vf == 1) str = System.Text.Encoding.UTF8.GetString(v);
                        }
                        if (key == "service.name" && str is not null) service = str;
                    }
                if (f == 2) // ScopeSpans
                    foreach (var (sf, span) in Fields(value))
                    {
                        if (sf != 2) continue;
                        string trace = "", id = "", parent = "", name = "";
                        foreach (var (pf, p) in Fields(span))
                        {
                            switch (pf)
                            {
                                case 1: trace = Convert.ToHexStringLower(p); break;
                                case 2: id = Convert.ToHexStringLower(p); break;
                                case 4: parent = Convert.ToHexStringLower(p); break;
                                case 5: name = System.Text.Encoding.UTF8.GetString(p); break;
                            }
                        }
                        spans.Add((trace, id, parent, name));
                    }
            }
            foreach (var (trace, id, parent, name) in spans) yield return new ReceivedSpan(service, trace, id, parent, name);
        }
    }

    /// <summary>The length-delimited fields of a protobuf message (varint and fixed fields are skipped).</summary>
    static IEnumerable<(int Field, byte[] Value)> Fields(byte[] message)
    {
        var i = 0;
        while (i < message.Length)
        {
            var tag = Varint(message, ref i);
            var field = (int)(tag >> 3);
            switch ((int)(tag & 7))
            {
                case 0: Varint(message, ref i); break;
                case 1: i += 8; break;
                case 5: i += 4; break;
                case 2:
                    var length = (int)Varint(message, ref i);
                    yield return (field, message[i..(i + length)]);
                    i += length;
                    break;
                default: yield break;
            }
        }
    }

    static ulong Varint(byte[] data, ref int i)
    {
        ulong value = 0;
        for (var shift = 0; i < data.Length; shift += 7)
        {
            var b = data[i++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) break;
        }
        return value;
    }
}

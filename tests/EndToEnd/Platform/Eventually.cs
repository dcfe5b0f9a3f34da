namespace RevenueCycle.EndToEnd.Platform;

public static class Eventually
{
    /// <summary>Polls until <paramref name="probe"/> gives a value, or fails the test after <paramref name="within"/>.</summary>
    public static async Task<T> Get<T>(Func<Task<T?>> probe, TimeSpan within, string what) where T : class
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var value = await probe();
            if (value is not null) return value;
            if (DateTime.UtcNow > deadline) throw new Xunit.Sdk.XunitException($"Timed out after {within.TotalSeconds} s waiting for {what}.");
            await Task.Delay(100);
        }
    }

    public static Task True(Func<Task<bool>> probe, TimeSpan within, string what) =>
        Get<object>(async () => await probe() ? new object() : null, within, what);
}

public static class HttpEventually
{
    /// <summary>GETs <paramref name="url"/> until it answers 2xx (an event-fed read model catching up), then returns its JSON.</summary>
    public static async Task<System.Text.Json.JsonElement> GetJsonAsync(this HttpClient client, string url, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var r = await client.GetAsync(url);
            if (r.IsSuccessStatusCode)
                return System.Text.Json.JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.Clone();
            if (DateTime.UtcNow > deadline)
                throw new Xunit.Sdk.XunitException($"GET {url} still answered {(int)r.StatusCode} after {within.TotalSeconds} s: {await r.Content.ReadAsStringAsync()}");
            await Task.Delay(100);
        }
    }
}

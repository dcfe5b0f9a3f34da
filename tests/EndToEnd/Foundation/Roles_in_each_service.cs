using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using RevenueCycle.EndToEnd.Platform;
using RevenueCycle.Gateway.Access;
using RevenueCycle.Gateway.Proxy;
using RevenueCycle.ServiceDefaults.Auth;

namespace RevenueCycle.EndToEnd.Foundation;

/// <summary>
/// Roles are decided twice: by the gateway's path table (<see cref="RolePolicy"/>), and again by each service on its
/// endpoint groups from the internal token's roles (<see cref="Policies"/>), so a request that reaches a service with a
/// genuine token still gets no more than its roles allow (least privilege, HIPAA §164.308(a)(4) information access
/// management and §164.312(a)(1) access control). These tests hold the two to the same rules, operation by operation.
/// </summary>
public sealed class Roles_in_each_service(PlatformFixture platform)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    static readonly string[] Methods = ["get", "put", "post", "delete", "patch", "head", "options"];

    /// <summary>
    /// The one operation a service keeps stricter than the gateway's table: shared code sets are imported by the operator
    /// alone (the admin key through /api/admin/code-sets, which the gateway checks itself), so Coding lets no practice key
    /// import, although the table's /api/coding rule lets the PM system and coders (and every admin) through the gateway.
    /// </summary>
    static bool OperatorsOnly(string method, string template) =>
        method == "POST" && template.StartsWith("/api/coding/code-sets/imports/", StringComparison.Ordinal);

    sealed record Operation(string Method, string Template, string Service, string[]? DeclaredRoles)
    {
        /// <summary>A concrete path for the template: any value stands for a parameter (the table matches literal segments only).</summary>
        public string Path(Guid id) => Regex.Replace(Template, "{[^}]+}", id.ToString());

        public bool GatewayAllows(string role) => RolePolicy.Refuse(Method, Path(Guid.NewGuid()), [role]) is null;

        public bool ServiceShouldAllow(string role) => GatewayAllows(role) && !OperatorsOnly(Method, Template);

        public override string ToString() => $"{Method} {Template}";
    }

    /// <summary>Every operation of the gateway's merged document, once every service's own document is in it.</summary>
    async Task<List<Operation>> OperationsAsync()
    {
        // A service builds its document on the first request, which is slow on a loaded machine; the gateway serves a document
        // without a service that did not answer in time (and asks again next time), so wait for the complete one.
        using var client = platform.Client();
        client.Timeout = TimeSpan.FromMinutes(2);
        return await Eventually.Get(async () =>
        {
            var operations = Operations(await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json", Ct));
            return Routes.Table.All(route => operations.Any(o => o.Service == route.Service)) ? operations : null;
        }, TimeSpan.FromMinutes(2), "a merged OpenAPI document with every service's operations");
    }

    /// <summary>Operations the gateway answers itself (staff users, sign-in, the practice's audit), checked by their own tests (<c>Staff/</c>, <c>A_practice_reads_its_own_audit</c>).</summary>
    static readonly string[] GatewaysOwn = [RevenueCycle.Gateway.Staff.UsersEndpoints.Prefix, RevenueCycle.Gateway.Staff.AuthEndpoints.Prefix, RevenueCycle.Gateway.Access.PracticeAuditEndpoints.Path];

    static List<Operation> Operations(JsonElement doc)
    {
        var operations = new List<Operation>();
        foreach (var path in doc.GetProperty("paths").EnumerateObject())
        {
            if (path.Name.StartsWith("/api/admin/", StringComparison.Ordinal)) continue; // the gateway's own, with the admin key
            if (GatewaysOwn.Any(p => path.Name == p || path.Name.StartsWith(p + "/", StringComparison.Ordinal))) continue; // no service behind them
            if (path.Name == RevenueCycle.ServiceDefaults.WorkQueues.WorkQueueCatalog.PathPrefix) continue; // the gateway's own: every queue's counts, read-only
            var service = Routes.Table.SingleOrDefault(r => r.Prefixes.Any(p => path.Name == p || path.Name.StartsWith(p + "/", StringComparison.Ordinal))).Service;
            Assert.True(service is not null, $"{path.Name} is in the merged document but no gateway route reaches it");
            foreach (var method in Methods)
            {
                if (!path.Value.TryGetProperty(method, out var operation)) continue;
                var declared = operation.TryGetProperty(RequiredRolesInOpenApi.Extension, out var roles)
                    ? roles.EnumerateArray().Select(r => r.GetString()!).ToArray()
                    : null;
                operations.Add(new Operation(method.ToUpperInvariant(), path.Name, service, declared));
            }
        }
        return operations;
    }

    [Fact]
    public async Task The_gateways_table_and_each_services_declared_policy_agree_for_every_operation_and_role()
    {
        var disagreements = new List<string>();
        foreach (var operation in await OperationsAsync())
        {
            if (operation.DeclaredRoles is null)
            {
                disagreements.Add($"{operation}: the service declares no roles ({RequiredRolesInOpenApi.Extension}), so no policy is on its endpoint");
                continue;
            }
            foreach (var role in Roles.KeyRoles)
            {
                var service = operation.DeclaredRoles.Contains(role);
                if (service != operation.ServiceShouldAllow(role))
                    disagreements.Add($"{operation}: '{role}' is {(operation.GatewayAllows(role) ? "allowed" : "refused")} by the gateway's table " +
                        $"but {(service ? "allowed" : "refused")} by the service (declares {string.Join(", ", operation.DeclaredRoles)})");
            }
            if (OperatorsOnly(operation.Method, operation.Template))
                Assert.Equal([Roles.Operator], operation.DeclaredRoles);
        }
        Assert.True(disagreements.Count == 0, string.Join("\n", disagreements));
    }

    [Fact]
    public async Task Each_service_called_directly_refuses_for_every_operation_the_roles_the_gateways_table_refuses()
    {
        var tenant = await platform.NewTenantAsync();
        var signer = platform.Signer();
        var clients = platform.ServiceAddresses.ToDictionary(s => s.Key, s => new HttpClient { BaseAddress = s.Value });
        var operations = await OperationsAsync();
        try
        {
            // One role at a time per task, the roles side by side.
            var answers = await Task.WhenAll(Roles.KeyRoles.Select(async role =>
            {
                var disagreements = new List<string>();
                foreach (var operation in operations)
                {
                    // An empty body and an unknown id: an allowed role is answered 400/404, never with a change; a refused one 403.
                    using var request = new HttpRequestMessage(new HttpMethod(operation.Method), operation.Path(Guid.NewGuid()));
                    // A token each (it lives two minutes; a loaded machine can take longer over the whole list).
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", signer.Issue(tenant.TenantId, tenant.ApiKeyId, [role]));
                    using var response = await clients[operation.Service].SendAsync(request, Ct);
                    var refused = response.StatusCode == HttpStatusCode.Forbidden;
                    if (refused == operation.ServiceShouldAllow(role))
                        disagreements.Add($"{operation} as '{role}': the service answered {(int)response.StatusCode}, the gateway's table " +
                            $"{(operation.GatewayAllows(role) ? "allows" : "refuses")} it");
                }
                return disagreements;
            }));
            var all = answers.SelectMany(a => a).ToList();
            Assert.True(all.Count == 0, $"{all.Count} of {operations.Count * Roles.KeyRoles.Count} calls:\n" + string.Join("\n", all));
        }
        finally
        {
            foreach (var client in clients.Values) client.Dispose();
        }
    }

    [Fact]
    public async Task A_service_called_directly_with_a_genuine_read_only_token_refuses_a_change_as_the_gateway_does()
    {
        var tenant = await platform.NewTenantAsync();
        using var direct = new HttpClient { BaseAddress = platform.ServiceAddresses["registration"] };
        direct.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            platform.Signer().Issue(tenant.TenantId, tenant.ApiKeyId, [Roles.ReadOnly]));
        var mrn = Builders.Mrn();

        Assert.Equal(HttpStatusCode.OK, (await direct.GetAsync("/api/patients", Ct)).StatusCode);
        var refused = await direct.PostAsJsonAsync("/api/patients", Builders.Patient(mrn), Ct);
        var body = await refused.Content.ReadAsStringAsync(Ct);
        Assert.True(refused.StatusCode == HttpStatusCode.Forbidden, $"expected 403 from the service itself, got {(int)refused.StatusCode}: {body}");
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);

        // The same refusal through the gateway (a read-only key): the same problem, word for word.
        using var admin = platform.Admin();
        var created = await admin.PostAsJsonAsync($"/api/admin/tenants/{tenant.TenantId}/api-keys", new { name = "read-only", roles = new[] { Roles.ReadOnly } }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var readOnly = platform.Client((await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("apiKey").GetString());
        var atGateway = await readOnly.PostAsJsonAsync("/api/patients", Builders.Patient(mrn), Ct);
        Assert.Equal(HttpStatusCode.Forbidden, atGateway.StatusCode);
        var service = JsonDocument.Parse(body).RootElement;
        var gateway = JsonDocument.Parse(await atGateway.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal(gateway.EnumerateObject().Select(p => p.Name).Order(), service.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(gateway.GetProperty("title").GetString(), service.GetProperty("title").GetString());
        Assert.Equal(gateway.GetProperty("detail").GetString(), service.GetProperty("detail").GetString());
        foreach (var role in new[] { Roles.PmSystem, Roles.FrontDesk, Roles.Biller, Roles.Admin })
            Assert.Contains(role, service.GetProperty("detail").GetString());

        // Nothing was registered.
        using var owner = platform.Client(tenant.ApiKey);
        var found = await owner.GetFromJsonAsync<JsonElement>($"/api/patients?mrn={mrn}", Ct);
        Assert.Equal(0, found.GetProperty("items").GetArrayLength());

        // The role whose work it is passes the service.
        direct.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            platform.Signer().Issue(tenant.TenantId, tenant.ApiKeyId, [Roles.FrontDesk]));
        Assert.Equal(HttpStatusCode.Created, (await direct.PostAsJsonAsync("/api/patients", Builders.Patient(mrn), Ct)).StatusCode);
    }
}

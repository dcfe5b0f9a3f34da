using System.Text.RegularExpressions;
using RevenueCycle.EndToEnd.Platform;

namespace RevenueCycle.EndToEnd.Foundation;

/// <summary>
/// Compose and Kubernetes ship no usable default secret (issue #16 item 7): compose refuses to start until each secret is set
/// (<c>${NAME:?message}</c>, Compose specification "Interpolation": "<c>${VAR:?err}</c> exits with an error message containing err
/// if VAR is unset or empty"), and every Kubernetes workload takes its secrets from Secrets the manifests do not create, without
/// <c>optional: true</c>, so a pod cannot start until the operator creates them (Kubernetes "Secrets": a pod referencing a
/// missing Secret key is not started). No engine runs here, so the files are read as an engine would read them.
/// </summary>
public sealed partial class Deployment_files_ship_no_secrets
{
    static string Read(string path) => File.ReadAllText(Path.Combine(TestEnvironment.Root, path));

    [GeneratedRegex(@"^\s+(?<name>[A-Za-z_][A-Za-z0-9_]*)\s*:\s*(?<value>.+?)\s*$", RegexOptions.Multiline)]
    private static partial Regex EnvironmentEntry();

    [GeneratedRegex(@"PASSWORD|SECRET|SIGNINGKEY|SUBMITTERKEY|OPERATORKEY|ADMIN_KEY", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();

    [Fact]
    public void Every_secret_in_the_compose_file_must_be_set_by_the_operator_and_has_no_default()
    {
        var compose = Read("docker-compose.yml");
        var secrets = EnvironmentEntry().Matches(compose)
            .Select(m => (Name: m.Groups["name"].Value.Replace("__", ""), Value: m.Groups["value"].Value))
            .Where(e => SecretName().IsMatch(e.Name))
            .ToList();

        Assert.True(secrets.Count >= 10, $"expected the platform's secrets in docker-compose.yml, found {secrets.Count}");
        Assert.All(secrets, e => Assert.Matches(@"^\$\{RCM_[A-Z0-9_]+:\?[^}]+\}$", e.Value));
        Assert.DoesNotContain("change-me", compose, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Every_kubernetes_workload_needs_secrets_the_manifests_do_not_create()
    {
        var kustomization = Read("deploy/k8s/kustomization.yaml");
        var resources = Regex.Matches(kustomization, @"^\s+-\s+(\S+\.yaml)\s*$", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(resources);
        Assert.DoesNotContain("secrets.example.yaml", resources);

        var manifests = string.Join("\n---\n", resources.Select(r => Read($"deploy/k8s/{r}")));
        Assert.DoesNotMatch(@"(?m)^kind:\s*Secret\s*$", manifests);
        Assert.DoesNotMatch(@"optional:\s*true", manifests);
        Assert.DoesNotContain("change-me", manifests, StringComparison.OrdinalIgnoreCase);

        // Each Secret a workload reads is one the operator is told to create (the example lists it, with empty values).
        var referenced = Regex.Matches(manifests, @"secret(?:Key)?Ref:\s*\{\s*name:\s*([a-z0-9-]+)").Select(m => m.Groups[1].Value)
            .Concat(Regex.Matches(manifests, @"\{\s*parameter:\s*\w+,\s*name:\s*([a-z0-9-]+)").Select(m => m.Groups[1].Value)) // KEDA's secretTargetRef
            .Distinct().ToList();
        Assert.Contains("revenuecycle-keda-rabbitmq", referenced);
        Assert.Contains("revenuecycle", referenced);
        var example = Read("deploy/k8s/secrets.example.yaml");
        var documented = Regex.Matches(example, @"metadata:\s*\{\s*name:\s*([a-z0-9-]+)").Select(m => m.Groups[1].Value).ToHashSet();
        Assert.All(referenced, name => Assert.Contains(name, documented));
        Assert.DoesNotMatch(@"(?m):\s*""[^""]+""", Regex.Replace(example, @"#.*$", "", RegexOptions.Multiline));
    }
}

using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;

namespace PeerPlatform.UnitTests.Deployment;

/// <summary>
/// Checks Kubernetes objects against a current Kubernetes API, offline, two ways that cover
/// each other's gaps:
/// <list type="bullet">
/// <item>the API's JSON schemas (required fields, types, enumerations, formats such as
/// int-or-string and quantities), compiled by the npm package kubernetes-models and run by
/// deploy/kubernetes/schema/validate.mjs; scripts/infra/prereqs.sh installs it (npm ci). The
/// schemas allow fields they do not name, as the API server does;</item>
/// <item>the KubernetesClient models (generated from the same API's OpenAPI document), loaded
/// strictly: a field the API does not have (a misspelt probe) or a kind/apiVersion it does not
/// serve fails, as <c>kubectl apply</c>'s field validation would.</item>
/// </list>
/// </summary>
public static class KubernetesSchemas
{
    public static string SchemaDirectory => Path.Combine(RepositoryPaths.Root, "deploy", "kubernetes", "schema");

    /// <summary>For each object, its schema errors (none when valid).</summary>
    public static IReadOnlyList<IReadOnlyList<string>> ValidateWithJsonSchemas(IReadOnlyList<JsonObject> objects)
    {
        if (!Directory.Exists(Path.Combine(SchemaDirectory, "node_modules", "kubernetes-models")))
        {
            throw new InvalidOperationException(
                $"The Kubernetes schemas are not installed in {SchemaDirectory}/node_modules: run scripts/infra/prereqs.sh (as root it installs them with npm ci; ./peer test runs it first).");
        }

        var start = new ProcessStartInfo("node", ["validate.mjs"])
        {
            WorkingDirectory = SchemaDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(new JsonArray([.. objects.Select(item => item.DeepClone())]).ToJsonString());
        process.StandardInput.Close();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("validate.mjs did not finish within 60 s");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"validate.mjs failed ({process.ExitCode}): {stderr.Result}");
        }

        var results = JsonSerializer.Deserialize<List<List<string>>>(stdout.Result) ?? [];
        Assert.Equal(objects.Count, results.Count);
        return results;
    }

    /// <summary>Why the object does not load strictly into the KubernetesClient models, or null.</summary>
    public static string? LoadStrictly(JsonObject item)
    {
        try
        {
            // JSON is YAML: the object as the renderer produced it, typed by apiVersion and kind.
            var loaded = KubernetesYaml.LoadAllFromString(item.ToJsonString(), strict: true);
            return loaded.Count == 1 ? null : $"loaded as {loaded.Count} objects";
        }
        catch (Exception exception)
        {
            var messages = new List<string>();
            for (var error = exception; error is not null; error = error.InnerException)
            {
                messages.Add($"{error.GetType().Name}: {error.Message}");
            }

            return string.Join(" <- ", messages);
        }
    }
}

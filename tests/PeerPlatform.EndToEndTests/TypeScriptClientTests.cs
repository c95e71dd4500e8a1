using System.Diagnostics;
using System.Text.Json.Nodes;
using static PeerPlatform.EndToEndTests.TrustSystem;

namespace PeerPlatform.EndToEndTests;

/// <summary>
/// The TypeScript client (clients/typescript), whose types the build generates from the OpenAPI
/// document: its first program creates a referral and reads it back through the gateway.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class TypeScriptClientTests(SuiteFixture suite)
{
    [Fact]
    public async Task The_generated_typescript_client_creates_and_reads_a_referral()
    {
        var script = Path.Combine(PeerPlatform.TestSupport.RepositoryPaths.Root, "clients", "typescript", "dist", "smoke.js");
        Assert.True(File.Exists(script), $"{script} is missing: ./peer test builds the TypeScript client (npm run build in clients/typescript)");
        var start = new ProcessStartInfo("node", script) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["PEER_GATEWAY"] = $"http://localhost:{suite.GatewayHttpPort}";
        using var node = Process.Start(start)!;
        var output = await node.StandardOutput.ReadToEndAsync();
        var errors = await node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync();

        Assert.True(node.ExitCode == 0, $"node exited {node.ExitCode}: {errors}{output}");
        var answer = JsonNode.Parse(output.Trim())!;
        var referralId = answer["referralId"]!.GetValue<string>();
        Assert.True(Guid.TryParse(referralId, out _));
        Assert.Equal("REFERRAL_STATUS_RECEIVED", answer["status"]!.GetValue<string>());
        Assert.Equal("REFERRAL_SOURCE_SELF", answer["source"]!.GetValue<string>());

        using var trust = await suite.RestAsAsync("integrator");
        Assert.Equal(referralId, (await GetOkAsync(trust, $"/api/referrals/{referralId}"))["referralId"]!.GetValue<string>());
    }
}

using System.Text.Json;
using Google.Protobuf.Reflection;

namespace PeerPlatform.UnitTests.Contracts;

/// <summary>
/// The breaking-change check: the protos as compiled now against the surface of the last released
/// version (contracts/compatibility/baseline.json, written by `./peer contract-baseline` when a
/// version is tagged). Within a version, changes may only add (docs/integrators.md#versions).
/// </summary>
public sealed class ContractCompatibilityTests
{
    private static readonly string BaselinePath = Path.Combine(RepositoryPaths.Root, "contracts", "compatibility", "baseline.json");

    private static SortedDictionary<string, string> Current() => ContractSurface.Of(
        typeof(PeerPlatform.Contracts.Referral.V1.ReferralService).Assembly.GetTypes()
            .Where(t => t.Name.EndsWith("Reflection", StringComparison.Ordinal) && t.GetProperty("Descriptor")?.PropertyType == typeof(FileDescriptor))
            .Select(t => (FileDescriptor)t.GetProperty("Descriptor")!.GetValue(null)!));

    [Fact]
    public void No_released_method_field_or_enum_value_was_removed_renamed_renumbered_or_retyped()
    {
        var current = Current();
        if (Environment.GetEnvironmentVariable("PEER_UPDATE_CONTRACT_BASELINE") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(BaselinePath)!);
            File.WriteAllText(BaselinePath, JsonSerializer.Serialize(current, new JsonSerializerOptions { WriteIndented = true }) + "\n");
        }

        var baseline = JsonSerializer.Deserialize<SortedDictionary<string, string>>(File.ReadAllText(BaselinePath))!;
        var breaks = ContractSurface.Breaks(baseline, current);
        Assert.True(breaks.Count == 0, "Breaking changes against the released contract (add a v2 package instead):\n" + string.Join("\n", breaks));
        Assert.True(baseline.Count > 500, $"the baseline holds only {baseline.Count} facts");
    }

    [Fact]
    public void The_check_names_each_kind_of_break_and_lets_additions_through()
    {
        var baseline = Current();
        var changed = new SortedDictionary<string, string>(baseline);
        var field = baseline.Keys.First(k => k.StartsWith("field peer.referral.v1.Referral #", StringComparison.Ordinal));
        var rpc = baseline.Keys.First(k => k.StartsWith("rpc peer.referral.v1.ReferralService.", StringComparison.Ordinal));
        var enumValue = baseline.Keys.First(k => k.StartsWith("enum peer.referral.v1.ReferralStatus #1", StringComparison.Ordinal));
        changed[field] = changed[field].Replace("singular string", "singular int32", StringComparison.Ordinal).Replace("repeated string", "repeated int32", StringComparison.Ordinal) + " retyped";
        changed.Remove(rpc);
        changed[enumValue] = "REFERRAL_STATUS_RENAMED";
        changed["field peer.referral.v1.Referral #999"] = "singular string added_later (json addedLater)";
        changed["rpc peer.referral.v1.ReferralService.SomethingNew"] = "(x) returns (y)";

        var breaks = ContractSurface.Breaks(baseline, changed);

        Assert.Equal(3, breaks.Count);
        Assert.Contains(breaks, b => b.StartsWith(field, StringComparison.Ordinal) && b.Contains("now", StringComparison.Ordinal));
        Assert.Contains(breaks, b => b.StartsWith(rpc, StringComparison.Ordinal) && b.EndsWith("was removed", StringComparison.Ordinal));
        Assert.Contains(breaks, b => b.StartsWith(enumValue, StringComparison.Ordinal) && b.Contains("REFERRAL_STATUS_RENAMED", StringComparison.Ordinal));
    }
}

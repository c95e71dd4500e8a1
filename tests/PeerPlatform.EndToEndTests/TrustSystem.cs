using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace PeerPlatform.EndToEndTests;

/// <summary>Steps a trust's systems take through the gateway, shared by several journeys.</summary>
internal static class TrustSystem
{
    public static string Today => DateTime.UtcNow.ToString("yyyy-MM-dd");

    public static async Task<(HttpStatusCode Status, JsonObject Body)> PostAsync(HttpClient client, string path, object body)
    {
        var response = await client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? [] : JsonNode.Parse(text)!.AsObject());
    }

    /// <summary>POSTs and requires 200, reporting the body otherwise.</summary>
    public static async Task<JsonObject> OkAsync(HttpClient client, string path, object body)
    {
        var (status, json) = await PostAsync(client, path, body);
        Assert.True(status == HttpStatusCode.OK, $"POST {path}: {(int)status} {json}");
        return json;
    }

    /// <summary>GETs and requires 200, reporting the body otherwise.</summary>
    public static async Task<JsonObject> GetOkAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>A worker hired in <paramref name="locality"/>, trained and ready to be matched (<see cref="WorkerHiring"/>); returns the worker id.</summary>
    public static Task<string> HireWorkerAsync(HttpClient hr, string locality, string? startDate = null) => WorkerHiring.HireAsync(hr, locality, startDate);

    /// <summary>
    /// A worker hired <paramref name="daysAgo"/> days ago in a fresh locality, known to
    /// Supervision, under an agreement with <paramref name="organisation"/> (every 28 days) since then.
    /// </summary>
    public static async Task<(string WorkerId, string AgreementId)> SupervisedWorkerAsync(HttpClient trust, string organisation, int daysAgo)
    {
        var startedOn = DateTime.UtcNow.AddDays(-daysAgo).ToString("yyyy-MM-dd");
        var workerId = await HireWorkerAsync(trust, "sup-" + Guid.NewGuid().ToString("N")[..8], startedOn);
        await EventuallyAsync(async () =>
            (await GetOkAsync(trust, "/api/supervision/workers?withoutAgreement=true&pageSize=200"))["workers"]?.AsArray()
                .Any(w => w!["workerId"]!.GetValue<string>() == workerId) == true,
            "the hired worker reaches Supervision");
        var agreement = await OkAsync(trust, "/api/supervision/agreements", new { organisationId = organisation, workerId, frequencyDays = 28, startsOn = startedOn });
        return (workerId, agreement["agreementId"]!.GetValue<string>());
    }

    /// <summary>The development partner organisations, as partner-a and partner-b tokens name them.</summary>
    public const string OrganisationA = "org-mind-north";
    public const string OrganisationB = "org-carers-east";

    /// <summary>Registers both development partner organisations (already registered is fine).</summary>
    public static async Task RegisterPartnerOrganisationsAsync(HttpClient admin)
    {
        foreach (var (id, kind) in new[] { (OrganisationA, "ORGANISATION_KIND_SERVICE_USER_LED"), (OrganisationB, "ORGANISATION_KIND_CARER_LED") })
        {
            var (status, body) = await PostAsync(admin, "/api/supervision/organisations", new { organisationId = id, name = "Partner " + id, kind });
            Assert.True(status is HttpStatusCode.OK or HttpStatusCode.Conflict, $"{(int)status} {body}");
        }
    }

    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(30));
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting until {what}");
            await Task.Delay(200);
        }
    }
}

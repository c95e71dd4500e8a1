using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace PeerPlatform.TestSupport;

/// <summary>
/// A peer support worker ready to be matched, made through the Workforce API as an HR system
/// would: a team, a vacancy, an applicant taken through shortlisting, interview, offer and both
/// checks, hired in <c>locality</c>, with every mandatory training module completed.
/// </summary>
public static class WorkerHiring
{
    /// <summary>Hires a worker in <paramref name="locality"/> starting on <paramref name="startDate"/> (today unless given); returns the worker id.</summary>
    public static async Task<string> HireAsync(HttpClient hr, string locality, string? startDate = null)
    {
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd");
        var team = await OkAsync(hr, "/api/workforce/teams", new { name = "Team " + locality, locality, serviceLine = "SERVICE_LINE_ADULT_COMMUNITY" });
        var vacancy = await OkAsync(hr, "/api/workforce/vacancies", new { teamId = team["teamId"]!.GetValue<string>(), contractedHours = 37.5, closingDate = DateTime.UtcNow.AddDays(7).ToString("yyyy-MM-dd") });
        var applicantId = (await OkAsync(hr, $"/api/workforce/vacancies/{vacancy["vacancyId"]}/applicants", new { givenName = "Pat", familyName = "Doe", declaresLivedExperience = true }))["applicantId"]!.GetValue<string>();
        foreach (var stage in new[] { "APPLICANT_STAGE_SHORTLISTED", "APPLICANT_STAGE_INTERVIEWED", "APPLICANT_STAGE_OFFERED" })
        {
            await OkAsync(hr, $"/api/workforce/applicants/{applicantId}/advance", new { stage });
        }

        await OkAsync(hr, $"/api/workforce/applicants/{applicantId}/checks", new { kind = "CHECK_KIND_REFERENCES", status = "CHECK_STATUS_CLEARED" });
        await OkAsync(hr, $"/api/workforce/applicants/{applicantId}/checks", new { kind = "CHECK_KIND_DBS", status = "CHECK_STATUS_CLEARED" });
        var worker = await OkAsync(hr, $"/api/workforce/applicants/{applicantId}/hire",
            new { startDate = startDate ?? today, attributes = new { gender = "female", languages = new[] { "English" }, localities = new[] { locality } } });
        var workerId = worker["workerId"]!.GetValue<string>();
        var modules = (await hr.GetFromJsonAsync<JsonObject>("/api/workforce/training-modules"))!["modules"]?.AsArray() ?? [];
        foreach (var module in modules.Where(m => m!["mandatory"]?.GetValue<bool>() == true))
        {
            await OkAsync(hr, $"/api/workforce/workers/{workerId}/training", new { moduleId = module!["moduleId"]!.GetValue<string>(), completedOn = today });
        }

        return workerId;
    }

    private static async Task<JsonObject> OkAsync(HttpClient client, string path, object body)
    {
        using var response = await client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode
            ? JsonNode.Parse(text)!.AsObject()
            : throw new HttpRequestException($"POST {path}: {(int)response.StatusCode} {text}", null, response.StatusCode);
    }
}

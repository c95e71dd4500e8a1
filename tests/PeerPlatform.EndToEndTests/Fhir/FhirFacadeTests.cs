using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using static PeerPlatform.EndToEndTests.TrustSystem;

namespace PeerPlatform.EndToEndTests.Fhir;

/// <summary>
/// The FHIR R4 facade through the gateway, as a trust's integration engine uses it: every
/// resource it answers with passes Firely's validator against base R4 with no errors.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class FhirFacadeTests(SuiteFixture suite)
{
    private const string NhsSystem = "https://fhir.nhs.uk/Id/nhs-number";
    private const string Occasion = "https://fhir.peerplatform.org.uk/StructureDefinition/questionnaire-occasion";
    private const string About = "https://fhir.peerplatform.org.uk/StructureDefinition/questionnaire-about";
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);

    private static string Iso(int daysAgo) => Today.AddDays(-daysAgo).ToString("yyyy-MM-dd");

    private static string Noon(int daysAgo) => Today.AddDays(-daysAgo).ToDateTime(new TimeOnly(12, 0), DateTimeKind.Utc).ToString("O");

    private sealed record FhirAnswer(HttpStatusCode Status, JsonObject Body, string Text, HttpResponseMessage Response);

    private static async Task<FhirAnswer> SendAsync(HttpClient client, HttpMethod method, string path, object? resource = null, Action<HttpRequestMessage>? headers = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Accept.ParseAdd("application/fhir+json");
        if (resource is not null)
        {
            request.Content = new StringContent(resource as string ?? JsonSerializer.Serialize(resource), Encoding.UTF8, "application/fhir+json");
        }

        headers?.Invoke(request);
        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new FhirAnswer(response.StatusCode, text.Length > 0 && text[0] == '{' ? JsonNode.Parse(text)!.AsObject() : [], text, response);
    }

    /// <summary>The answer has the status, is FHIR JSON of the resource type, and passes the validator.</summary>
    private static JsonObject Valid(FhirAnswer answer, HttpStatusCode status, string resourceType)
    {
        Assert.True(answer.Status == status, $"expected {(int)status}, got {(int)answer.Status}: {answer.Text}");
        Assert.Equal("application/fhir+json", answer.Response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(resourceType, answer.Body["resourceType"]!.GetValue<string>());
        var errors = FhirValidation.Errors(answer.Text);
        Assert.True(errors.Count == 0, $"{resourceType} fails validation: {string.Join("; ", errors)}\n{answer.Text}");
        return answer.Body;
    }

    private static string BusinessStatus(JsonObject task) => task["businessStatus"]!["coding"]![0]!["code"]!.GetValue<string>();

    [Fact]
    public async Task An_integration_engine_refers_follows_and_reports_through_FHIR_and_the_programme_report_counts_it()
    {
        using var trust = await suite.RestAsAsync("integrator");
        var locality = "fhir-" + Guid.NewGuid().ToString("N")[..8];
        // Hired after the period OutcomesThroughGatewayTests reports on (days −265 to −240), so
        // this worker's capacity never enters its figures.
        var workerId = await HireWorkerAsync(trust, locality, Iso(230));
        var teamId = (await GetOkAsync(trust, $"/api/workforce/workers/{workerId}"))["teamId"]!.GetValue<string>();

        Valid(await SendAsync(trust, HttpMethod.Get, "/fhir/metadata"), HttpStatusCode.OK, "CapabilityStatement");

        // No patient with this NHS number yet.
        var nhsNumber = NhsNumbers.Random();
        var search = Valid(await SendAsync(trust, HttpMethod.Get, $"/fhir/Patient?identifier={Uri.EscapeDataString(NhsSystem + "|" + nhsNumber)}"), HttpStatusCode.OK, "Bundle");
        Assert.Equal(0, search["total"]!.GetValue<int>());

        // A referral for a new patient, sent twice with If-None-Exist: one referral.
        var identifier = new { system = "https://trust.example.nhs.uk/ers-ubrn", value = Guid.NewGuid().ToString("N")[..12] };
        var serviceRequest = new
        {
            resourceType = "ServiceRequest",
            contained = new object[]
            {
                new
                {
                    resourceType = "Patient",
                    id = "p",
                    identifier = new[] { new { system = NhsSystem, value = nhsNumber } },
                    name = new[] { new { family = "Okafor", given = new[] { "Ada" } } },
                    birthDate = "1979-05-14",
                    address = new[] { new { district = locality } },
                },
            },
            identifier = new[] { identifier },
            status = "active",
            intent = "order",
            priority = "routine",
            subject = new { reference = "#p" },
            requester = new { display = "Dr Lee, Community Mental Health Team" },
            authoredOn = Noon(215),
            reasonCode = new[] { new { text = "Isolated since discharge; wants support rebuilding routine" } },
        };
        var ifNoneExist = $"identifier={identifier.system}|{identifier.value}";
        var created = await SendAsync(trust, HttpMethod.Post, "/fhir/ServiceRequest", serviceRequest, r => r.Headers.Add("If-None-Exist", ifNoneExist));
        var referral = Valid(created, HttpStatusCode.Created, "ServiceRequest");
        var referralId = referral["id"]!.GetValue<string>();
        Assert.EndsWith($"/fhir/ServiceRequest/{referralId}", created.Response.Headers.Location!.ToString());
        var clientId = referral["subject"]!["reference"]!.GetValue<string>()["Patient/".Length..];
        var resent = Valid(await SendAsync(trust, HttpMethod.Post, "/fhir/ServiceRequest", serviceRequest, r => r.Headers.Add("If-None-Exist", ifNoneExist)), HttpStatusCode.OK, "ServiceRequest");
        Assert.Equal(referralId, resent["id"]!.GetValue<string>());
        var byPatient = Valid(await SendAsync(trust, HttpMethod.Get, $"/fhir/ServiceRequest?patient=Patient/{clientId}"), HttpStatusCode.OK, "Bundle");
        Assert.Equal(referralId, Assert.Single(byPatient["entry"]!.AsArray())!["resource"]!["id"]!.GetValue<string>());

        // The patient is found now, and reads back.
        search = Valid(await SendAsync(trust, HttpMethod.Get, $"/fhir/Patient?identifier={Uri.EscapeDataString(NhsSystem + "|" + nhsNumber)}"), HttpStatusCode.OK, "Bundle");
        Assert.Equal(clientId, search["entry"]![0]!["resource"]!["id"]!.GetValue<string>());
        var patient = Valid(await SendAsync(trust, HttpMethod.Get, $"/fhir/Patient/{clientId}"), HttpStatusCode.OK, "Patient");
        Assert.Equal(nhsNumber, patient["identifier"]![0]!["value"]!.GetValue<string>());

        async Task<JsonObject> TaskAsync()
        {
            var bundle = Valid(await SendAsync(trust, HttpMethod.Get, $"/fhir/Task?focus=ServiceRequest/{referralId}"), HttpStatusCode.OK, "Bundle");
            var task = bundle["entry"]![0]!["resource"]!.AsObject();
            Assert.Empty(FhirValidation.Errors(task.ToJsonString()));
            return task;
        }

        var task = await TaskAsync();
        Assert.Equal(("requested", "received"), (task["status"]!.GetValue<string>(), BusinessStatus(task)));

        // Information through the native API; consent as a FHIR Consent; then accept, match, first contact.
        await OkAsync(trust, $"/api/referrals/{referralId}/information", new { givenBy = "Peer support lead", givenOn = Iso(214), method = "INFORMATION_METHOD_IN_PERSON" });
        Assert.Equal("information-given", BusinessStatus(await TaskAsync()));
        var proposed = Valid(await SendAsync(trust, HttpMethod.Get, $"/fhir/Consent/{referralId}"), HttpStatusCode.OK, "Consent");
        Assert.Equal("proposed", proposed["status"]!.GetValue<string>());
        var consent = Valid(await SendAsync(trust, HttpMethod.Post, "/fhir/Consent", new
        {
            resourceType = "Consent",
            status = "active",
            scope = new { coding = new[] { new { system = "http://terminology.hl7.org/CodeSystem/consentscope", code = "treatment" } } },
            category = new[] { new { coding = new[] { new { system = "http://loinc.org", code = "59284-0" } } } },
            patient = new { reference = $"Patient/{clientId}" },
            policyRule = new { text = "Consent-first" },
            provision = new { type = "permit", data = new[] { new { meaning = "related", reference = new { reference = $"ServiceRequest/{referralId}" } } } },
        }), HttpStatusCode.Created, "Consent");
        Assert.Equal("active", consent["status"]!.GetValue<string>());
        Assert.Equal("consent-given", BusinessStatus(await TaskAsync()));

        await OkAsync(trust, $"/api/referrals/{referralId}/accept", new { });
        Assert.Equal(("accepted", "accepted"), (await TaskAsync() is var accepted ? accepted["status"]!.GetValue<string>() : "", BusinessStatus(accepted)));
        await OkAsync(trust, $"/api/referrals/{referralId}/match", new { workerId });
        task = await TaskAsync();
        Assert.Equal(("ready", "matched"), (task["status"]!.GetValue<string>(), BusinessStatus(task)));
        Assert.Equal($"PractitionerRole/{workerId}", task["owner"]!["reference"]!.GetValue<string>());
        var episode = Valid(await SendAsync(trust, HttpMethod.Get, $"/fhir/EpisodeOfCare/{referralId}"), HttpStatusCode.OK, "EpisodeOfCare");
        Assert.Equal("planned", episode["status"]!.GetValue<string>());

        await OkAsync(trust, $"/api/referrals/{referralId}/contacts", new { contactAt = Noon(210), durationMinutes = 50, mode = "CONTACT_MODE_FACE_TO_FACE", notes = "Walked to the allotment" });
        task = await TaskAsync();
        Assert.Equal(("in-progress", "active"), (task["status"]!.GetValue<string>(), BusinessStatus(task)));
        Assert.Equal("active", Valid(await SendAsync(trust, HttpMethod.Get, $"/fhir/EpisodeOfCare/{referralId}"), HttpStatusCode.OK, "EpisodeOfCare")["status"]!.GetValue<string>());

        // The worker as Practitioner and PractitionerRole; the measure's structure as a Questionnaire.
        Valid(await SendAsync(trust, HttpMethod.Get, $"/fhir/Practitioner/{workerId}"), HttpStatusCode.OK, "Practitioner");
        Valid(await SendAsync(trust, HttpMethod.Get, $"/fhir/PractitionerRole/{workerId}"), HttpStatusCode.OK, "PractitionerRole");
        var questionnaire = Valid(await SendAsync(trust, HttpMethod.Get, "/fhir/Questionnaire/RELATIONSHIP-QUALITY"), HttpStatusCode.OK, "Questionnaire");
        Assert.Equal(12, questionnaire["item"]!.AsArray().Count);
        Assert.DoesNotContain("\"text\"", questionnaire["item"]!.ToJsonString()); // the licensed wording is never served

        // Two hospital spells: one before the engagement (6 nights), one after it began (3 nights),
        // the second sent as a conditional update, twice.
        object Spell(string id, int admittedDaysAgo, int dischargedDaysAgo) => new
        {
            resourceType = "Encounter",
            identifier = new[] { new { system = "https://trust.example.nhs.uk/pas-spell", value = id } },
            status = "finished",
            @class = new { system = "http://terminology.hl7.org/CodeSystem/v3-ActCode", code = "IMP" },
            subject = new { reference = $"Patient/{clientId}" },
            period = new { start = Iso(admittedDaysAgo), end = Iso(dischargedDaysAgo) },
        };
        var before = "PAS-" + Guid.NewGuid().ToString("N")[..10];
        var after = "PAS-" + Guid.NewGuid().ToString("N")[..10];
        FhirAnswer? first = null;
        await EventuallyAsync(async () => (first = await SendAsync(trust, HttpMethod.Post, "/fhir/Encounter", Spell(before, 240, 234))).Status == HttpStatusCode.Created, "Outcomes knows the client");
        var createdSpell = Valid(first!, HttpStatusCode.Created, "Encounter");
        Assert.EndsWith($"/fhir/Encounter/{createdSpell["id"]!.GetValue<string>()}", first!.Response.Headers.Location!.ToString());
        var conditionalPath = $"/fhir/Encounter?identifier={Uri.EscapeDataString("https://trust.example.nhs.uk/pas-spell|" + after)}";
        var spell = Valid(await SendAsync(trust, HttpMethod.Put, conditionalPath, Spell(after, 150, 147)), HttpStatusCode.OK, "Encounter");
        Assert.Equal(spell["id"]!.GetValue<string>(), Valid(await SendAsync(trust, HttpMethod.Put, conditionalPath, Spell(after, 150, 147)), HttpStatusCode.OK, "Encounter")["id"]!.GetValue<string>());

        // The relationship measure, about the peer worker and another worker: one pair.
        foreach (var (about, value) in new[] { ("peer_worker", 4), ("other_worker", 2) })
        {
            var response = Valid(await SendAsync(trust, HttpMethod.Post, "/fhir/QuestionnaireResponse", new
            {
                resourceType = "QuestionnaireResponse",
                extension = new object[] { new { url = Occasion, valueCode = "follow-up" }, new { url = About, valueCode = about } },
                questionnaire = "https://fhir.peerplatform.org.uk/Questionnaire/RELATIONSHIP-QUALITY",
                status = "completed",
                subject = new { reference = $"Patient/{clientId}" },
                authored = Iso(205),
                item = Enumerable.Range(1, 12).Select(i => new { linkId = i.ToString(), answer = new[] { new { valueInteger = value } } }).ToArray(),
            }), HttpStatusCode.Created, "QuestionnaireResponse");
            Assert.Contains(response["extension"]!.AsArray(), e => e!["url"]!.GetValue<string>().EndsWith("questionnaire-score") && e["valueDecimal"]!.GetValue<double>() == value * 12);
        }

        // The engagement's contact found by search, then read as an Encounter without its notes;
        // the patient's Encounters are that contact and both spells, each readable by id.
        var contacts = Valid(await SendAsync(trust, HttpMethod.Get, $"/fhir/Encounter?episode-of-care=EpisodeOfCare/{referralId}"), HttpStatusCode.OK, "Bundle");
        var contactId = Assert.Single(contacts["entry"]!.AsArray())!["resource"]!["id"]!.GetValue<string>();
        var encounters = Valid(await SendAsync(trust, HttpMethod.Get, $"/fhir/Encounter?patient=Patient/{clientId}"), HttpStatusCode.OK, "Bundle");
        Assert.Equal(3, encounters["total"]!.GetValue<int>());
        Assert.Equal(["AMB", "IMP", "IMP"], encounters["entry"]!.AsArray().Select(e => e!["resource"]!["class"]!["code"]!.GetValue<string>()).Order());
        var readSpell = Valid(await SendAsync(trust, HttpMethod.Get, $"/fhir/Encounter/{spell["id"]!.GetValue<string>()}"), HttpStatusCode.OK, "Encounter");
        Assert.Equal((after, Iso(150)), (readSpell["identifier"]![0]!["value"]!.GetValue<string>(), readSpell["period"]!["start"]!.GetValue<string>()));
        var contact = Valid(await SendAsync(trust, HttpMethod.Get, $"/fhir/Encounter/{contactId}"), HttpStatusCode.OK, "Encounter");
        Assert.Equal($"EpisodeOfCare/{referralId}", contact["episodeOfCare"]![0]!["reference"]!.GetValue<string>());
        Assert.DoesNotContain("allotment", contact.ToJsonString());

        // The team's programme report counts the FHIR referral, both spells and the pair.
        var report = "";
        await EventuallyAsync(async () =>
        {
            var figures = await GetOkAsync(trust, $"/api/outcomes/reports/programme?from={Iso(220)}&to={Iso(200)}&teamId={teamId}");
            report = figures.ToJsonString();
            return figures["referrals"]?["value"]?.GetValue<int>() == 1
                && figures["bedDays"]?["engagements"]?["value"]?.GetValue<int>() == 1
                && figures["bedDays"]?["bedDaysBefore"]?["value"]?.GetValue<int>() == 6
                && figures["bedDays"]?["bedDaysAfter"]?["value"]?.GetValue<int>() == 3
                && figures["relationshipPeerMinusOther"]?["pairs"]?["value"]?.GetValue<int>() == 1;
        }, "the programme report counts the referral, spells and responses sent through FHIR");
        Assert.Contains("\"admissionsBefore\":{\"value\":1", report);
    }

    private static JsonObject Refused(FhirAnswer answer, HttpStatusCode status, string? expression = null)
    {
        Assert.True(answer.Status == status, $"expected {(int)status}, got {(int)answer.Status}: {answer.Text}");
        var outcome = Valid(answer, status, "OperationOutcome");
        if (expression is not null)
        {
            Assert.True(outcome["issue"]!.AsArray().Any(i => i!["expression"]?.AsArray().Any(e => e!.GetValue<string>() == expression) == true), $"no issue names {expression}: {answer.Text}");
        }

        return outcome;
    }

    [Fact]
    public async Task Bad_resources_and_unsupported_interactions_answer_an_OperationOutcome_naming_the_problem()
    {
        using var trust = await suite.RestAsAsync("integrator");
        object Request(object subject, string? nhsNumber = null) => new
        {
            resourceType = "ServiceRequest",
            contained = new object[] { new { resourceType = "Patient", id = "p", identifier = new[] { new { system = NhsSystem, value = nhsNumber ?? NhsNumbers.Random() } }, name = new[] { new { family = "Shah", given = new[] { "Ravi" } } }, birthDate = "1990-01-01" } },
            status = "active",
            intent = "order",
            subject,
            requester = new { display = "Dr Khan" },
            reasonCode = new[] { new { text = "Low mood" } },
        };

        // The wrong resource type, a malformed body and an unknown element: 400.
        Refused(await SendAsync(trust, HttpMethod.Post, "/fhir/ServiceRequest", new { resourceType = "Patient", birthDate = "1990-01-01" }), HttpStatusCode.BadRequest, "resourceType");
        Refused(await SendAsync(trust, HttpMethod.Post, "/fhir/ServiceRequest", "{\"resourceType\": \"ServiceRequest\","), HttpStatusCode.BadRequest);
        Refused(await SendAsync(trust, HttpMethod.Post, "/fhir/ServiceRequest", new { resourceType = "ServiceRequest", status = "active", intent = "order", colour = "blue" }), HttpStatusCode.BadRequest, "ServiceRequest.colour");
        // Required elements missing: subject, then the status.
        Refused(await SendAsync(trust, HttpMethod.Post, "/fhir/ServiceRequest", new { resourceType = "ServiceRequest", status = "active", intent = "order" }), HttpStatusCode.BadRequest, "ServiceRequest.subject");
        Refused(await SendAsync(trust, HttpMethod.Post, "/fhir/ServiceRequest", new { resourceType = "ServiceRequest", intent = "order", subject = new { reference = "#p" } }), HttpStatusCode.BadRequest, "ServiceRequest.status");
        // An NHS number failing its check digit, named on the Patient.
        Refused(await SendAsync(trust, HttpMethod.Post, "/fhir/ServiceRequest", Request(new { reference = "#p" }, "9434765918")), HttpStatusCode.BadRequest, "Patient.identifier");
        // A patient that does not exist: 422 on the reference.
        Refused(await SendAsync(trust, HttpMethod.Post, "/fhir/ServiceRequest", Request(new { reference = $"Patient/{Guid.NewGuid()}" })), HttpStatusCode.UnprocessableEntity, "ServiceRequest.subject");
        Refused(await SendAsync(trust, HttpMethod.Post, "/fhir/Encounter", new
        {
            resourceType = "Encounter",
            identifier = new[] { new { value = "PAS-none" } },
            status = "finished",
            @class = new { system = "http://terminology.hl7.org/CodeSystem/v3-ActCode", code = "IMP" },
            subject = new { reference = $"Patient/{Guid.NewGuid()}" },
            period = new { start = Iso(10), end = Iso(8) },
        }), HttpStatusCode.UnprocessableEntity, "Encounter.subject");
        // Consent before information was given breaks the consent-first rule: 422.
        var referral = Valid(await SendAsync(trust, HttpMethod.Post, "/fhir/ServiceRequest", Request(new { reference = "#p" }, NhsNumbers.Random())), HttpStatusCode.Created, "ServiceRequest");
        var referralId = referral["id"]!.GetValue<string>();
        Refused(await SendAsync(trust, HttpMethod.Post, "/fhir/Consent", new
        {
            resourceType = "Consent",
            status = "active",
            scope = new { coding = new[] { new { system = "http://terminology.hl7.org/CodeSystem/consentscope", code = "treatment" } } },
            category = new[] { new { coding = new[] { new { system = "http://loinc.org", code = "59284-0" } } } },
            patient = new { reference = referral["subject"]!["reference"]!.GetValue<string>() },
            provision = new { type = "permit", data = new[] { new { meaning = "related", reference = new { reference = $"ServiceRequest/{referralId}" } } } },
        }), HttpStatusCode.UnprocessableEntity);
        Refused(await SendAsync(trust, HttpMethod.Get, $"/fhir/Consent/{referralId}"), HttpStatusCode.NotFound);

        // Interactions the CapabilityStatement does not list: 405 with Allow; an unknown type 404.
        var delete = await SendAsync(trust, HttpMethod.Delete, $"/fhir/ServiceRequest/{referralId}");
        Refused(delete, HttpStatusCode.MethodNotAllowed);
        Assert.Contains("GET", delete.Response.Content.Headers.Allow);
        Refused(await SendAsync(trust, HttpMethod.Put, $"/fhir/Patient/{Guid.NewGuid()}", new { resourceType = "Patient" }), HttpStatusCode.MethodNotAllowed);
        Refused(await SendAsync(trust, HttpMethod.Get, "/fhir/Observation/1"), HttpStatusCode.NotFound);
        Refused(await SendAsync(trust, HttpMethod.Get, $"/fhir/Patient/{Guid.NewGuid()}"), HttpStatusCode.NotFound);
        Refused(await SendAsync(trust, HttpMethod.Get, "/fhir/ServiceRequest?_count=1000"), HttpStatusCode.BadRequest, "_count");
        // JSON only: XML asked for is 406.
        Refused(await SendAsync(trust, HttpMethod.Get, "/fhir/metadata?_format=xml"), HttpStatusCode.NotAcceptable);
        var asXml = await SendAsync(trust, HttpMethod.Get, $"/fhir/ServiceRequest/{referralId}", headers: r => { r.Headers.Accept.Clear(); r.Headers.Accept.ParseAdd("application/fhir+xml"); });
        Refused(asXml, HttpStatusCode.NotAcceptable);
    }

    [Fact]
    public async Task A_search_pages_through_next_links_that_keep_its_parameters()
    {
        using var trust = await suite.RestAsAsync("integrator");
        var first = await OkAsync(trust, "/api/referrals", new
        {
            client = new { givenName = "Kit", familyName = "Moor", dateOfBirth = "1992-03-03", nhsNumber = NhsNumbers.Random() },
            source = "REFERRAL_SOURCE_SELF",
            reason = "Lonely since moving",
        });
        var clientId = first["clientId"]!.GetValue<string>();
        var second = await OkAsync(trust, "/api/referrals", new { clientId, source = "REFERRAL_SOURCE_SELF", reason = "Asked again after a gap" });

        var page = Valid(await SendAsync(trust, HttpMethod.Get, $"/fhir/ServiceRequest?patient=Patient/{clientId}&status=active&_count=1"), HttpStatusCode.OK, "Bundle");
        var newest = Assert.Single(page["entry"]!.AsArray())!["resource"]!["id"]!.GetValue<string>();
        var next = new Uri(page["link"]!.AsArray().Single(l => l!["relation"]!.GetValue<string>() == "next")!["url"]!.GetValue<string>());
        Assert.Contains("status=active", next.Query);
        var rest = Valid(await SendAsync(trust, HttpMethod.Get, next.PathAndQuery), HttpStatusCode.OK, "Bundle");
        var older = Assert.Single(rest["entry"]!.AsArray())!["resource"]!["id"]!.GetValue<string>();
        Assert.Equal([second["referralId"]!.GetValue<string>(), first["referralId"]!.GetValue<string>()], [newest, older]);
        Assert.DoesNotContain(rest["link"]!.AsArray(), l => l!["relation"]!.GetValue<string>() == "next");
    }

    [Fact]
    public async Task A_FHIR_read_is_audited_as_the_same_REST_read_and_needs_the_same_role()
    {
        using var trust = await suite.RestAsAsync("integrator");
        using var admin = await suite.RestAsAsync("admin");
        using var partner = await suite.RestAsAsync("partner-a");
        var referral = await OkAsync(trust, "/api/referrals", new
        {
            client = new { givenName = "Noor", familyName = "Ali", dateOfBirth = "1985-07-07", nhsNumber = NhsNumbers.Random() },
            source = "REFERRAL_SOURCE_GP",
            referrer = new { name = "Dr Green" },
            reason = "Anxiety after bereavement",
        });
        var (referralId, clientId) = (referral["referralId"]!.GetValue<string>(), referral["clientId"]!.GetValue<string>());

        async Task<List<string>> TrailAsync() =>
            (await GetOkAsync(admin, $"/api/referrals/audit-records?recordId={clientId}"))["records"]?.AsArray()
                .Select(r => $"{r!["clientId"]} {r["recordType"]} {r["recordId"]} {r["action"]} {r["outcome"]}").ToList() ?? [];
        await GetOkAsync(trust, $"/api/clients/{clientId}");
        await EventuallyAsync(async () => (await TrailAsync()).Count(t => t.Contains("READ")) == 1, "the REST read is audited");
        var restRead = (await TrailAsync()).Single(t => t.Contains("READ"));

        Valid(await SendAsync(trust, HttpMethod.Get, $"/fhir/Patient/{clientId}"), HttpStatusCode.OK, "Patient");
        await EventuallyAsync(async () => (await TrailAsync()).Count(t => t.Contains("READ")) == 2, "the FHIR read is audited");
        Assert.All((await TrailAsync()).Where(t => t.Contains("READ")), t => Assert.Equal(restRead, t));

        // A partner organisation's token reaches neither; the gateway says so in FHIR's terms.
        Refused(await SendAsync(partner, HttpMethod.Get, $"/fhir/ServiceRequest/{referralId}"), HttpStatusCode.Forbidden);
        using var anonymous = new HttpClient { BaseAddress = trust.BaseAddress };
        Refused(await SendAsync(anonymous, HttpMethod.Get, $"/fhir/ServiceRequest/{referralId}"), HttpStatusCode.Unauthorized);
        Valid(await SendAsync(anonymous, HttpMethod.Get, "/fhir/metadata"), HttpStatusCode.OK, "CapabilityStatement");
    }
}

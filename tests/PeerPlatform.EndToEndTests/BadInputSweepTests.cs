using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Grpc.Core;
using Npgsql;

namespace PeerPlatform.EndToEndTests;

/// <summary>
/// Every public route and RPC, fed malformed input generated from the published OpenAPI document
/// and the proto descriptors: each answer must be a 4xx (or a non-Internal gRPC status) that says
/// what is wrong, never a 5xx, and nothing may be written to any service's database.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed partial class BadInputSweepTests(SuiteFixture suite, Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly string[] Databases = ["referraldb", "workforcedb", "supervisiondb", "outcomesdb"];

    // Tables that legitimately change while bad input is refused: refusals are audited, background
    // relays and consumers keep working; a report that is read fills the per-engagement nights it keeps.
    private static readonly string[] Ignored = ["audit_records", "outbox_messages", "inbox_messages", "idempotent_requests", "engagement_nights", "__EFMigrationsHistory"];

    private static readonly string[] BadPathValues = ["not-an-id", "' OR 1=1 --", new string('9', 300), "%FF%FE", "%00", "..%2F..%2Fetc"];

    [Fact]
    public async Task Malformed_input_to_every_route_gets_a_4xx_that_names_the_problem_and_writes_nothing()
    {
        var document = (await suite.Rest.GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;
        var schemas = document["components"]!["schemas"]!.AsObject();
        var clients = new Dictionary<string, HttpClient>();
        await Task.Delay(TimeSpan.FromSeconds(2)); // let relays and consumers settle
        var before = await FingerprintAsync();

        var tried = 0;
        var failures = new List<string>();
        foreach (var (path, operations) in document["paths"]!.AsObject())
        {
            foreach (var (verb, operation) in operations!.AsObject())
            {
                var role = SecurityThroughGatewayTests.Matrix[(verb, path)][0];
                if (!clients.TryGetValue(role, out var client))
                {
                    clients[role] = client = await suite.RestAsAsync(role);
                }

                foreach (var (label, request) in Requests(verb, path, operation!.AsObject(), schemas))
                {
                    tried++;
                    using var message = request();
                    HttpResponseMessage response;
                    try
                    {
                        // The gateway closes the connection after refusing an oversized body; that
                        // request gets a connection of its own so the next one does not inherit it.
                        using var own = label == "oversized body" ? await suite.RestAsAsync(role) : null;
                        response = await (own ?? client).SendAsync(message);
                        // The sweep is one client sending ~2,000 requests: when the gateway's
                        // per-client limit answers 429, wait as told and send the request again.
                        while (response.StatusCode == HttpStatusCode.TooManyRequests)
                        {
                            await Task.Delay(TimeSpan.FromSeconds(response.Headers.RetryAfter?.Delta?.TotalSeconds ?? 1));
                            response.Dispose();
                            using var again = request();
                            response = await (own ?? client).SendAsync(again);
                        }
                    }
                    catch (HttpRequestException exception)
                    {
                        failures.Add($"{verb.ToUpperInvariant()} {path} [{label}]: no answer ({exception.InnerException?.Message ?? exception.Message})");
                        continue;
                    }

                    using var _ = response;
                    var body = await response.Content.ReadAsStringAsync();
                    var status = (int)response.StatusCode;
                    if (status is < 400 or >= 500 && !(status is 200 && label.StartsWith("query-text", StringComparison.Ordinal)))
                    {
                        failures.Add($"{verb.ToUpperInvariant()} {path} [{label}]: {status} {Truncate(body)}");
                    }
                    // Kestrel refuses a request line it cannot decode (a NUL in the path) before any
                    // application code runs: a bare 400 with no content type is the protocol's answer.
                    else if (status is 400 or 404 or 409 && !HasMessage(body) && response.Content.Headers.ContentType is not null)
                    {
                        failures.Add($"{verb.ToUpperInvariant()} {path} [{label}]: {status} without a message: {Truncate(body)}");
                    }
                }
            }
        }

        tried += await SweepGrpcAsync(failures);
        await Task.Delay(TimeSpan.FromSeconds(1));
        var after = await FingerprintAsync();
        foreach (var (table, fingerprint) in before)
        {
            if (after[table] != fingerprint)
            {
                failures.Add($"{table} changed: {fingerprint} → {after[table]}");
            }
        }

        output.WriteLine($"bad-input sweep: {tried} malformed inputs, {failures.Count} mishandled, {before.Count} tables fingerprinted");
        Assert.True(tried > 500, $"only {tried} malformed inputs were tried");
        Assert.True(failures.Count == 0, $"{failures.Count} of {tried} malformed inputs were mishandled:\n" + string.Join("\n", failures.Take(60)));
    }

    /// <summary>Malformed variants of one operation; the label says which.</summary>
    private static IEnumerable<(string Label, Func<HttpRequestMessage> Request)> Requests(string verb, string template, JsonObject operation, JsonObject schemas)
    {
        var method = new HttpMethod(verb.ToUpperInvariant());
        var pathParameters = PathParameter().Matches(template).Select(m => m.Groups[1].Value).ToList();
        string Fill(string? bad = null, string? only = null) =>
            PathParameter().Replace(template, m => m.Groups[1].Value == only || (only is null && bad is not null) ? Uri.EscapeDataString(bad!).Replace("%25", "%") : Guid.NewGuid().ToString());

        foreach (var parameter in pathParameters)
        {
            foreach (var bad in BadPathValues)
            {
                yield return ($"path {parameter}={Truncate(bad, 20)}", () => new HttpRequestMessage(method, Fill(bad, parameter)) { Content = verb == "post" ? Json("{}") : null });
            }
        }

        var queryParameters = operation["parameters"]?.AsArray().Where(p => p!["in"]!.GetValue<string>() == "query").ToList() ?? [];
        foreach (var parameter in queryParameters)
        {
            var name = parameter!["name"]!.GetValue<string>();
            // A free-text filter may legitimately match nothing (200); typed ones must be refused.
            var kind = parameter["schema"]!["type"]?.GetValue<string>() == "string" && parameter["schema"]!["enum"] is null ? "query-text" : "query";
            foreach (var bad in BadValuesFor(parameter["schema"]!.AsObject(), schemas).Where(b => b.Raw is not null || b.Text is not null))
            {
                var query = bad.Raw ?? Uri.EscapeDataString(bad.Text!);
                yield return ($"{kind} {name}={Truncate(query, 20)}", () => new HttpRequestMessage(method, Fill() + "?" + name + "=" + query));
            }
        }

        if (verb != "post")
        {
            yield break;
        }

        var url = Fill();
        yield return ("invalid JSON", () => new HttpRequestMessage(method, url) { Content = Json("{\"a\": ") });
        yield return ("JSON array", () => new HttpRequestMessage(method, url) { Content = Json("[1, 2]") });
        yield return ("JSON null", () => new HttpRequestMessage(method, url) { Content = Json("null") });
        yield return ("empty body", () => new HttpRequestMessage(method, url) { Content = Json("") });
        yield return ("invalid UTF-8", () => new HttpRequestMessage(method, url) { Content = Bytes([0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xFF, 0xFE, 0xC3, 0x28, 0x22, 0x7D], "application/json") });
        yield return ("wrong content type", () => new HttpRequestMessage(method, url) { Content = new StringContent("{}", Encoding.UTF8, "text/plain") });
        yield return ("protobuf bytes as JSON", () => new HttpRequestMessage(method, url) { Content = Bytes([0x0A, 0x03, 0x61, 0x62, 0x63, 0xFF], "application/json") });
        yield return ("deeply nested", () => new HttpRequestMessage(method, url) { Content = Json(new string('[', 5000) + new string(']', 5000)) });
        // Expect: 100-continue lets the gateway answer 413 before the client has sent the whole body.
        yield return ("oversized body", () =>
        {
            var oversized = new HttpRequestMessage(method, url) { Content = Json("{\"x\":\"" + new string('x', (1024 * 1024) + 10) + "\"}") };
            oversized.Headers.ExpectContinue = true;
            return oversized;
        }
        );

        if (operation["requestBody"]?["content"]?["application/json"]?["schema"]?["$ref"]?.GetValue<string>() is not { } reference)
        {
            yield break;
        }

        var properties = schemas[reference.Split('/')[^1]]!["properties"]?.AsObject() ?? [];
        foreach (var (property, schema) in properties)
        {
            foreach (var bad in BadValuesFor(schema!.AsObject(), schemas).Where(b => b.Text != "2026-13-45" || IsDateField(property)))
            {
                var json = "{\"" + property + "\": " + (bad.Json ?? System.Text.Json.JsonSerializer.Serialize(bad.Text)) + "}";
                yield return ($"body {property}={Truncate(bad.Json ?? bad.Text!, 20)}", () => new HttpRequestMessage(method, url) { Content = Json(json) });
            }
        }
    }

    /// <summary>Values of the wrong type, out of range, invalid as enum or date, or too long for a field of this schema.</summary>
    private static IEnumerable<(string? Text, string? Json, string? Raw)> BadValuesFor(JsonObject schema, JsonObject schemas)
    {
        var type = schema["type"]?.GetValue<string>();
        if (schema["$ref"] is not null)
        {
            yield return (null, "\"not an object\"", null);
            yield return (null, "[]", null);
            yield return (null, "{\"unknownField\": 1}", null);
            yield break;
        }

        if (schema["enum"] is not null)
        {
            yield return ("NOT_A_VALUE", null, null);
            yield return (null, "999", null);
            yield return (null, "{}", null);
            yield break;
        }

        switch (type)
        {
            case "integer":
            case "number":
                yield return ("abc", null, null);
                yield return (null, "1e400", "1e400");
                yield return (null, "99999999999999999999", "99999999999999999999");
                yield return (null, "-2147483649", "-2147483649");
                yield return (null, "1000000", "1000000");
                yield return (null, "-1", "-1");
                break;
            case "boolean":
                yield return ("maybe", null, null);
                yield return (null, "2", "2");
                break;
            case "array":
                yield return (null, "\"not a list\"", null);
                yield return (null, "[" + string.Join(",", Enumerable.Repeat("\"" + new string('y', 50) + "\"", 2000)) + "]", null);
                yield return (null, "[{}]", null);
                break;
            default:
                yield return (new string('z', 20_000), null, null);
                yield return ("2026-13-45", null, null);
                yield return ("\u0000\u0001", null, null);
                yield return (null, "12345", null);
                yield return (null, "{}", null);
                break;
        }
    }

    /// <summary>Garbage and truncated protobuf to every published gRPC method.</summary>
    private async Task<int> SweepGrpcAsync(List<string> failures)
    {
        var bytes = Marshallers.Create<byte[]>(b => b, b => b);
        var invoker = suite.Grpc.CreateCallInvoker();
        byte[][] payloads =
        [
            [0xFF, 0xFF, 0xFF, 0xFF, 0x0F],               // a field number out of range
            [0x0A, 0x64, 0x61],                           // a string that claims 100 bytes and has 1
            [0x12, 0x02, 0xC3, 0x28],                     // invalid UTF-8 in a string field
            [0x08, 0x96, 0x96, 0x96, 0x96, 0x96, 0x96, 0x96, 0x96, 0x96, 0x96, 0x01], // a varint too long
            Encoding.UTF8.GetBytes("{\"json\": true}"),
        ];
        var tried = 0;
        foreach (var descriptor in SecurityThroughGatewayTests.PublishedGrpcServices)
        {
            foreach (var rpc in descriptor.Methods)
            {
                var role = SecurityThroughGatewayTests.AllowedRolesOf(rpc)[0];
                var options = await suite.GrpcAsAsync(role);
                var method = new Method<byte[], byte[]>(MethodType.Unary, descriptor.FullName, rpc.Name, bytes, bytes);
                foreach (var payload in payloads)
                {
                    tried++;
                    try
                    {
                        await CallPacedAsync(() => invoker.AsyncUnaryCall(method, null, options, payload).ResponseAsync);
                    }
                    catch (RpcException exception) when (exception.StatusCode is not (StatusCode.Internal or StatusCode.Unknown or StatusCode.Unavailable or StatusCode.DataLoss))
                    {
                        if (string.IsNullOrWhiteSpace(exception.Status.Detail))
                        {
                            failures.Add($"gRPC {descriptor.Name}/{rpc.Name} [{Convert.ToHexString(payload)}]: {exception.StatusCode} without a message");
                        }

                        continue;
                    }
                    catch (RpcException exception)
                    {
                        failures.Add($"gRPC {descriptor.Name}/{rpc.Name} [{Convert.ToHexString(payload)}]: {exception.StatusCode} {exception.Status.Detail}");
                        continue;
                    }

                    // Garbage that happens to parse (unknown fields are skipped) must still be refused by validation.
                    if (rpc.InputType.Fields.InDeclarationOrder().Count > 0 && !rpc.Name.StartsWith("List", StringComparison.Ordinal) && !rpc.Name.StartsWith("Get", StringComparison.Ordinal) && !rpc.Name.StartsWith("Export", StringComparison.Ordinal))
                    {
                        failures.Add($"gRPC {descriptor.Name}/{rpc.Name} [{Convert.ToHexString(payload)}]: accepted");
                    }
                }
            }
        }

        return tried;
    }

    /// <summary>Calls again after a pause when the gateway's rate limit (429, seen by gRPC as Unavailable) answers.</summary>
    private static async Task CallPacedAsync(Func<Task<byte[]>> call)
    {
        while (true)
        {
            try
            {
                await call();
                return;
            }
            catch (RpcException exception) when (exception.StatusCode == StatusCode.Unavailable && exception.Status.Detail.Contains("429", StringComparison.Ordinal))
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }
    }

    /// <summary>Per table: rows and the sum of their xmin, so an insert, update or delete changes it.</summary>
    private async Task<Dictionary<string, string>> FingerprintAsync()
    {
        var fingerprint = new Dictionary<string, string>();
        foreach (var database in Databases)
        {
            await using var connection = new NpgsqlConnection(suite.DatabaseConnectionString(database));
            await connection.OpenAsync();
            var tables = new List<string>();
            await using (var list = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'", connection))
            await using (var reader = await list.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    tables.Add(reader.GetString(0));
                }
            }

            foreach (var table in tables.Where(t => !Ignored.Contains(t)))
            {
                await using var count = new NpgsqlCommand($"SELECT count(*) || ':' || coalesce(sum(xmin::text::bigint), 0) FROM \"{table}\"", connection);
                fingerprint[$"{database}.{table}"] = (string)(await count.ExecuteScalarAsync())!;
            }
        }

        return fingerprint;
    }

    /// <summary>Fields that hold dates or months by name; elsewhere "2026-13-45" is just text.</summary>
    private static bool IsDateField(string name) =>
        name.EndsWith("On", StringComparison.Ordinal) || name.EndsWith("Month", StringComparison.Ordinal) || name is "from" or "to" || name.EndsWith("Date", StringComparison.Ordinal);

    private static bool HasMessage(string body)
    {
        try
        {
            return JsonNode.Parse(body)?["message"]?.GetValue<string>() is { Length: > 0 };
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static ByteArrayContent Bytes(byte[] bytes, string contentType)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        return content;
    }

    private static string Truncate(string text, int length = 200) => text.Length <= length ? text : text[..length] + "…";

    [GeneratedRegex("{([a-z_]+)}")]
    private static partial Regex PathParameter();
}

using System.Text.Json.Nodes;
using Google.Api;
using Google.Protobuf.Reflection;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;

namespace PeerPlatform.Gateway.OpenApi;

/// <summary>
/// Builds the OpenAPI 3.0 document for the REST API from the protos themselves: every method with
/// a google.api.http annotation becomes an operation, its messages become schemas with the JSON
/// names JSON transcoding uses. Because it reads the compiled descriptors, the document cannot
/// drift from what the services serve.
/// </summary>
public static class ProtoOpenApiDocument
{
    public static JsonObject Build(IEnumerable<ServiceDescriptor> services, string title, string version)
    {
        var paths = new JsonObject();
        var schemas = new JsonObject { ["Status"] = StatusSchema() };
        var tags = new JsonArray();

        foreach (var service in services)
        {
            tags.Add(new JsonObject { ["name"] = service.FullName });
            foreach (var method in service.Methods)
            {
                if (method.GetOptions()?.GetExtension(AnnotationsExtensions.Http) is not { } rule)
                {
                    continue;
                }

                var (verb, template) = VerbAndTemplate(rule);
                if (verb is null)
                {
                    continue;
                }

                var pathItem = paths[template] as JsonObject ?? new JsonObject();
                paths[template] = pathItem;
                pathItem[verb] = Operation(service, method, rule, template, verb, schemas);
            }
        }

        return new JsonObject
        {
            ["openapi"] = "3.0.3",
            ["info"] = new JsonObject
            {
                ["title"] = title,
                ["version"] = version,
                ["description"] = "REST/JSON API of PeerPlatform, served by the gateway through gRPC JSON transcoding. " +
                                  "The same operations are available as native gRPC on the gateway's HTTP/2 port.",
            },
            ["tags"] = tags,
            ["paths"] = paths,
            ["security"] = new JsonArray(new JsonObject { ["oauth2"] = new JsonArray() }),
            ["components"] = new JsonObject
            {
                ["schemas"] = schemas,
                ["securitySchemes"] = new JsonObject
                {
                    ["oauth2"] = new JsonObject
                    {
                        ["type"] = "oauth2",
                        ["description"] = "OAuth 2.0 client credentials. The token's role decides which operations a client may call.",
                        ["flows"] = new JsonObject
                        {
                            ["clientCredentials"] = new JsonObject
                            {
                                ["tokenUrl"] = "/connect/token",
                                ["scopes"] = new JsonObject(),
                            },
                        },
                    },
                },
            },
        };
    }

    /// <summary>HTTP verb (lower case) and path template of a rule, or null verb for custom verbs we do not use.</summary>
    public static (string? Verb, string Template) VerbAndTemplate(HttpRule rule) => rule.PatternCase switch
    {
        HttpRule.PatternOneofCase.Get => ("get", rule.Get),
        HttpRule.PatternOneofCase.Post => ("post", rule.Post),
        HttpRule.PatternOneofCase.Put => ("put", rule.Put),
        HttpRule.PatternOneofCase.Patch => ("patch", rule.Patch),
        HttpRule.PatternOneofCase.Delete => ("delete", rule.Delete),
        _ => (null, ""),
    };

    private static JsonObject Operation(ServiceDescriptor service, MethodDescriptor method, HttpRule rule, string template, string verb, JsonObject schemas)
    {
        var pathFields = PathFields(template);
        var parameters = new JsonArray();
        foreach (var field in method.InputType.Fields.InDeclarationOrder())
        {
            if (pathFields.Contains(field.Name))
            {
                parameters.Add(new JsonObject
                {
                    ["name"] = field.Name,
                    ["in"] = "path",
                    ["required"] = true,
                    ["schema"] = FieldSchema(field, schemas),
                });
            }
            else if (rule.Body.Length == 0 && (field.FieldType != FieldType.Message || IsQueryValue(field.MessageType)))
            {
                parameters.Add(new JsonObject
                {
                    ["name"] = field.JsonName,
                    ["in"] = "query",
                    ["required"] = false,
                    ["schema"] = FieldSchema(field, schemas),
                });
            }
        }

        var operation = new JsonObject
        {
            ["operationId"] = $"{service.Name}_{method.Name}",
            ["summary"] = SplitWords(method.Name),
            ["tags"] = new JsonArray(service.FullName),
            ["parameters"] = parameters,
            ["responses"] = new JsonObject
            {
                ["200"] = method.OutputType.FullName == "google.api.HttpBody"
                    ? new JsonObject
                    {
                        // An HttpBody answer is the document itself (CSV exports), not JSON.
                        ["description"] = "OK",
                        ["content"] = new JsonObject { ["text/csv"] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "string" } } },
                    }
                    : Response("OK", Ref(method.OutputType, schemas)),
                ["400"] = Response("Invalid input: every problem is listed as a field violation.", StatusRef()),
                ["401"] = new JsonObject { ["description"] = "No valid access token." },
                ["403"] = new JsonObject { ["description"] = "The token's role may not call this operation." },
                ["429"] = new JsonObject { ["description"] = "Too many requests from this client; see Retry-After." },
                ["404"] = Response("No such record.", StatusRef()),
                ["409"] = Response("A rule forbids this change in the record's current state.", StatusRef()),
                ["503"] = Response("Temporarily unavailable; retry later.", StatusRef()),
            },
        };

        if (rule.Body == "*")
        {
            operation["requestBody"] = new JsonObject
            {
                ["required"] = true,
                ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = Ref(method.InputType, schemas) } },
            };
        }

        return operation;
    }

    private static HashSet<string> PathFields(string template)
    {
        var fields = new HashSet<string>(StringComparer.Ordinal);
        var start = template.IndexOf('{');
        while (start >= 0)
        {
            var end = template.IndexOf('}', start);
            var name = template[(start + 1)..end].Split('=')[0];
            fields.Add(name);
            start = template.IndexOf('{', end);
        }

        return fields;
    }

    private static JsonObject Response(string description, JsonObject schema) => new()
    {
        ["description"] = description,
        ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = schema } },
    };

    private static JsonObject StatusRef() => new() { ["$ref"] = "#/components/schemas/Status" };

    private static JsonObject Ref(MessageDescriptor message, JsonObject schemas)
    {
        AddMessageSchema(message, schemas);
        return new JsonObject { ["$ref"] = $"#/components/schemas/{message.FullName}" };
    }

    private static void AddMessageSchema(MessageDescriptor message, JsonObject schemas)
    {
        if (schemas.ContainsKey(message.FullName))
        {
            return;
        }

        var properties = new JsonObject();
        var schema = new JsonObject { ["type"] = "object", ["properties"] = properties };
        schemas[message.FullName] = schema; // before the fields: messages may refer to themselves
        foreach (var field in message.Fields.InDeclarationOrder())
        {
            properties[field.JsonName] = FieldSchema(field, schemas);
        }
    }

    private static JsonObject FieldSchema(FieldDescriptor field, JsonObject schemas)
    {
        var single = field.FieldType switch
        {
            FieldType.String => new JsonObject { ["type"] = "string" },
            FieldType.Bool => new JsonObject { ["type"] = "boolean" },
            FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 or FieldType.UInt32 or FieldType.Fixed32 =>
                new JsonObject { ["type"] = "integer", ["format"] = "int32" },
            // Transcoding writes 64-bit integers as strings, as proto3 JSON requires.
            FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 or FieldType.UInt64 or FieldType.Fixed64 =>
                new JsonObject { ["type"] = "string", ["format"] = "int64" },
            FieldType.Double => new JsonObject { ["type"] = "number", ["format"] = "double" },
            FieldType.Float => new JsonObject { ["type"] = "number", ["format"] = "float" },
            FieldType.Bytes => new JsonObject { ["type"] = "string", ["format"] = "byte" },
            FieldType.Enum => EnumSchema(field.EnumType),
            FieldType.Message => MessageFieldSchema(field.MessageType, schemas),
            _ => new JsonObject { ["type"] = "string" },
        };

        return field.IsRepeated && !field.IsMap
            ? new JsonObject { ["type"] = "array", ["items"] = single }
            : single;
    }

    /// <summary>Well-known types that JSON transcoding reads from a query string as one value (a timestamp as RFC 3339).</summary>
    private static bool IsQueryValue(MessageDescriptor message) => message.FullName is
        "google.protobuf.Timestamp" or "google.protobuf.Duration" or "google.protobuf.StringValue" or "google.protobuf.Int32Value" or "google.protobuf.BoolValue";

    private static JsonObject MessageFieldSchema(MessageDescriptor message, JsonObject schemas) => message.FullName switch
    {
        "google.protobuf.Timestamp" => new JsonObject { ["type"] = "string", ["format"] = "date-time" },
        "google.protobuf.Duration" => new JsonObject { ["type"] = "string", ["example"] = "1.5s" },
        "google.protobuf.StringValue" => new JsonObject { ["type"] = "string", ["nullable"] = true },
        "google.protobuf.Int32Value" => new JsonObject { ["type"] = "integer", ["format"] = "int32", ["nullable"] = true },
        "google.protobuf.BoolValue" => new JsonObject { ["type"] = "boolean", ["nullable"] = true },
        _ => Ref(message, schemas),
    };

    private static JsonObject EnumSchema(EnumDescriptor enumType)
    {
        var values = new JsonArray();
        foreach (var value in enumType.Values)
        {
            values.Add(value.Name);
        }

        return new JsonObject { ["type"] = "string", ["enum"] = values };
    }

    private static JsonObject StatusSchema() => new()
    {
        ["type"] = "object",
        ["description"] = "A google.rpc.Status: the gRPC status code, a readable message, and details such as google.rpc.BadRequest field violations.",
        ["properties"] = new JsonObject
        {
            ["code"] = new JsonObject { ["type"] = "integer", ["format"] = "int32" },
            ["message"] = new JsonObject { ["type"] = "string" },
            ["details"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "object" } },
        },
    };

    private static string SplitWords(string pascal) =>
        string.Concat(pascal.Select((c, i) => i > 0 && char.IsUpper(c) ? " " + char.ToLowerInvariant(c) : c.ToString()));
}

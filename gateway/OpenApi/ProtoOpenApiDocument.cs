using System.Text.Json.Nodes;
using Google.Api;
using Google.Protobuf.Reflection;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;

namespace PeerPlatform.Gateway.OpenApi;

/// <summary>
/// Builds the OpenAPI 3.0 document for the REST API from the protos themselves: every method with
/// a google.api.http annotation becomes an operation, its messages become schemas with the JSON
/// names JSON transcoding uses, and the protos' comments their descriptions. Because it reads the
/// compiled descriptors, the document cannot drift from what the services serve.
/// </summary>
public static class ProtoOpenApiDocument
{
    /// <summary>The document for <paramref name="services"/>, described by <paramref name="comments"/>; operations in <paramref name="idempotent"/> ("Service.Method") take an Idempotency-Key.</summary>
    public static JsonObject Build(IEnumerable<ServiceDescriptor> services, string title, string version, ProtoComments? comments = null, IReadOnlySet<string>? idempotent = null)
    {
        var described = comments ?? new ProtoComments();
        var paths = new JsonObject();
        var schemas = new JsonObject { ["Status"] = StatusSchema() };
        var tags = new JsonArray();
        var context = new DocumentContext(schemas, described);

        foreach (var service in services)
        {
            var tag = new JsonObject { ["name"] = service.FullName };
            if (described.For(service.FullName) is { } about)
            {
                tag["description"] = about;
            }

            tags.Add(tag);
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
                pathItem[verb] = Operation(service, method, rule, template, verb, context, idempotent?.Contains($"{service.Name}.{method.Name}") == true);
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
                                  "The same operations are available as native gRPC on the gateway's HTTP/2 port. " +
                                  "Every error, the gateway's own refusals included, has a google.rpc.Status body (Status below) " +
                                  "whose details include a google.rpc.RequestInfo naming the trace to quote.",
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

    private static JsonObject Operation(ServiceDescriptor service, MethodDescriptor method, HttpRule rule, string template, string verb, DocumentContext context, bool idempotent)
    {
        var pathFields = PathFields(template);
        var parameters = new JsonArray();
        foreach (var field in method.InputType.Fields.InDeclarationOrder())
        {
            if (pathFields.Contains(field.Name))
            {
                parameters.Add(Parameter(field, "path", required: true, context));
            }
            else if (rule.Body.Length == 0 && (field.FieldType != FieldType.Message || IsQueryValue(field.MessageType)))
            {
                parameters.Add(Parameter(field, "query", required: false, context));
            }
        }

        if (idempotent)
        {
            parameters.Add(new JsonObject
            {
                ["name"] = "Idempotency-Key",
                ["in"] = "header",
                ["required"] = false,
                ["description"] = "1 to 200 characters chosen by the caller. A retry with the same key gets the first answer and never creates a second record; the same key with a different request is 400 (FAILED_PRECONDITION).",
                ["schema"] = new JsonObject { ["type"] = "string", ["minLength"] = 1, ["maxLength"] = 200 },
                ["example"] = "3f9c2b1e-referral-0001",
            });
        }

        var changes = verb != "get";
        var responses = new JsonObject
        {
            ["200"] = method.OutputType.FullName == "google.api.HttpBody"
                ? new JsonObject
                {
                    // An HttpBody answer is the document itself (CSV exports), not JSON.
                    ["description"] = "OK",
                    ["content"] = new JsonObject { ["text/csv"] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "string" } } },
                }
                : Response("OK", Ref(method.OutputType, context), OpenApiExamples.Of(method.OutputType)),
            ["400"] = Response(changes
                ? "INVALID_ARGUMENT: invalid input, every problem a google.rpc.BadRequest field violation; or FAILED_PRECONDITION: a rule forbids the change in the record's current state (the message names it)."
                : "INVALID_ARGUMENT: invalid input (a filter, a page token, a cursor), every problem a field violation.", StatusRef()),
            ["401"] = Response("UNAUTHENTICATED: no valid access token.", StatusRef()),
            ["403"] = Response("PERMISSION_DENIED: the token's role may not call this operation.", StatusRef()),
            ["404"] = Response(pathFields.Count > 0 ? "NOT_FOUND: no such record, or one the caller may not see." : "NOT_FOUND: no such route.", StatusRef()),
        };
        if (changes)
        {
            responses["409"] = Response("ABORTED: a concurrent change won and nothing was saved (read again and retry); or ALREADY_EXISTS: the record exists (ErrorInfo metadata existing_id names it).", StatusRef());
        }

        if (rule.Body.Length > 0)
        {
            responses["413"] = Response("The request body is larger than the gateway accepts (1 MiB).", StatusRef());
        }

        responses["429"] = Response("RESOURCE_EXHAUSTED: too many requests from this client; retry after the Retry-After header's seconds.", StatusRef());
        responses["503"] = Response("UNAVAILABLE: a service or its database is briefly unavailable; nothing was changed, retry later.", StatusRef());

        var operation = new JsonObject
        {
            ["operationId"] = $"{service.Name}_{method.Name}",
            ["summary"] = SplitWords(method.Name),
            ["tags"] = new JsonArray(service.FullName),
            ["parameters"] = parameters,
            ["responses"] = responses,
        };
        if (context.Comments.For($"{service.FullName}.{method.Name}") is { } description)
        {
            operation["description"] = description;
        }

        if (rule.Body == "*")
        {
            operation["requestBody"] = new JsonObject
            {
                ["required"] = true,
                ["content"] = new JsonObject
                {
                    ["application/json"] = new JsonObject
                    {
                        ["schema"] = Ref(method.InputType, context),
                        ["example"] = OpenApiExamples.Of(method.InputType, leaveOut: pathFields),
                    },
                },
            };
        }

        return operation;
    }

    private static JsonObject Parameter(FieldDescriptor field, string location, bool required, DocumentContext context)
    {
        var parameter = new JsonObject
        {
            ["name"] = location == "path" ? field.Name : field.JsonName,
            ["in"] = location,
            ["required"] = required || IsRequired(field),
            ["schema"] = FieldSchema(field, context),
        };
        if (context.Comments.For(field.FullName) is { } description)
        {
            parameter["description"] = description;
        }

        if (location == "path")
        {
            parameter["example"] = OpenApiExamples.ValueOf(field);
        }

        return parameter;
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

    private static JsonObject Response(string description, JsonObject schema, JsonNode? example = null)
    {
        var content = new JsonObject { ["schema"] = schema };
        if (example is not null)
        {
            content["example"] = example;
        }

        return new JsonObject
        {
            ["description"] = description,
            ["content"] = new JsonObject { ["application/json"] = content },
        };
    }

    private static JsonObject StatusRef() => new() { ["$ref"] = "#/components/schemas/Status" };

    private static JsonObject Ref(MessageDescriptor message, DocumentContext context)
    {
        AddMessageSchema(message, context);
        return new JsonObject { ["$ref"] = $"#/components/schemas/{message.FullName}" };
    }

    private static void AddMessageSchema(MessageDescriptor message, DocumentContext context)
    {
        if (context.Schemas.ContainsKey(message.FullName))
        {
            return;
        }

        var properties = new JsonObject();
        var schema = new JsonObject { ["type"] = "object", ["properties"] = properties };
        if (context.Comments.For(message.FullName) is { } description)
        {
            schema["description"] = description;
        }

        context.Schemas[message.FullName] = schema; // before the fields: messages may refer to themselves
        foreach (var field in message.Fields.InDeclarationOrder())
        {
            var property = FieldSchema(field, context);
            if (context.Comments.For(field.FullName) is { } about)
            {
                // A $ref cannot carry a description beside it in OpenAPI 3.0: wrap it.
                property = property.ContainsKey("$ref") ? new JsonObject { ["allOf"] = new JsonArray(property), ["description"] = about } : WithDescription(property, about);
            }

            properties[field.JsonName] = property;
        }

        // What the service's validator refuses when missing (google.api.field_behavior = REQUIRED; a unit test keeps the two equal).
        var required = message.Fields.InDeclarationOrder().Where(IsRequired).Select(f => (JsonNode)f.JsonName).ToArray();
        if (required.Length > 0)
        {
            schema["required"] = new JsonArray(required);
        }
    }

    /// <summary>Marked (google.api.field_behavior) = REQUIRED in the proto.</summary>
    public static bool IsRequired(FieldDescriptor field) =>
        field.GetOptions()?.GetExtension(FieldBehaviorExtensions.FieldBehavior)?.Contains(FieldBehavior.Required) == true;

    private static JsonObject WithDescription(JsonObject schema, string description)
    {
        schema["description"] = schema["description"] is { } existing ? $"{description} {existing}" : description;
        return schema;
    }

    private static JsonObject FieldSchema(FieldDescriptor field, DocumentContext context)
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
            FieldType.Enum => EnumSchema(field.EnumType, context.Comments),
            FieldType.Message => MessageFieldSchema(field.MessageType, context),
            _ => new JsonObject { ["type"] = "string" },
        };

        return field.IsRepeated && !field.IsMap
            ? new JsonObject { ["type"] = "array", ["items"] = single }
            : single;
    }

    /// <summary>Well-known types that JSON transcoding reads from a query string as one value (a timestamp as RFC 3339).</summary>
    private static bool IsQueryValue(MessageDescriptor message) => message.FullName is
        "google.protobuf.Timestamp" or "google.protobuf.Duration" or "google.protobuf.StringValue" or "google.protobuf.Int32Value" or "google.protobuf.BoolValue";

    private static JsonObject MessageFieldSchema(MessageDescriptor message, DocumentContext context) => message.FullName switch
    {
        "google.protobuf.Timestamp" => new JsonObject { ["type"] = "string", ["format"] = "date-time" },
        "google.protobuf.Duration" => new JsonObject { ["type"] = "string", ["example"] = "1.5s" },
        "google.protobuf.StringValue" => new JsonObject { ["type"] = "string", ["nullable"] = true },
        "google.protobuf.Int32Value" => new JsonObject { ["type"] = "integer", ["format"] = "int32", ["nullable"] = true },
        "google.protobuf.BoolValue" => new JsonObject { ["type"] = "boolean", ["nullable"] = true },
        "google.protobuf.Struct" => new JsonObject { ["type"] = "object", ["additionalProperties"] = true },
        _ => Ref(message, context),
    };

    private static JsonObject EnumSchema(EnumDescriptor enumType, ProtoComments comments)
    {
        var values = new JsonArray();
        var described = new List<string>();
        foreach (var value in enumType.Values)
        {
            values.Add(value.Name);
            if (comments.For($"{enumType.FullName}.{value.Name}") is { } about)
            {
                described.Add($"{value.Name}: {about}");
            }
        }

        var schema = new JsonObject { ["type"] = "string", ["enum"] = values };
        var text = string.Join(" ", new[] { comments.For(enumType.FullName) }.Concat(described).Where(t => t is not null));
        if (text.Length > 0)
        {
            schema["description"] = text;
        }

        return schema;
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

    /// <summary>What building the document carries along: the schemas so far and the comments.</summary>
    private sealed record DocumentContext(JsonObject Schemas, ProtoComments Comments);

    private static string SplitWords(string pascal) =>
        string.Concat(pascal.Select((c, i) => i > 0 && char.IsUpper(c) ? " " + char.ToLowerInvariant(c) : c.ToString()));
}

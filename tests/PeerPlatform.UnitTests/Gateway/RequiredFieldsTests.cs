using FluentValidation;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Microsoft.Extensions.DependencyInjection;
using PeerPlatform.Gateway.OpenApi;
using PeerPlatform.Grpc;

namespace PeerPlatform.UnitTests.Gateway;

/// <summary>
/// The protos mark a field (google.api.field_behavior) = REQUIRED exactly when the service's
/// validator refuses a request without it, so the OpenAPI document's "required" lists say what
/// the services enforce: checked by validating empty requests (and empty nested messages).
/// </summary>
public sealed class RequiredFieldsTests
{
    /// <summary>
    /// Required only in some cases, so not marked REQUIRED: a declined consent needs its reason; a
    /// referral from a clinical team or GP needs the NHS number (self, carer and partner ones may not).
    /// </summary>
    private static readonly HashSet<string> Conditional =
    [
        "peer.referral.v1.RecordConsentRequest: decline_reason",
        "peer.referral.v1.CreateReferralRequest: client.nhs_number",
    ];

    private static IEnumerable<(MessageDescriptor Message, IValidator Validator)> Validators()
    {
        var services = new ServiceCollection();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new PeerPlatform.Integrations.Domain.WebhookTargets(false, []));
        foreach (var assembly in new[] { typeof(PeerPlatform.Referral.Data.ReferralDbContext), typeof(PeerPlatform.Workforce.Data.WorkforceDbContext), typeof(PeerPlatform.Supervision.Data.SupervisionDbContext), typeof(PeerPlatform.Outcomes.Data.OutcomesDbContext), typeof(PeerPlatform.Integrations.Data.IntegrationsDbContext), typeof(GrpcErrorInterceptor) }.Select(t => t.Assembly))
        {
            services.AddValidatorsFromAssembly(assembly, ServiceLifetime.Singleton, includeInternalTypes: true);
        }

        var provider = services.BuildServiceProvider();
        foreach (var rpc in PublishedApis.Services.SelectMany(s => s.Methods).DistinctBy(m => m.InputType.FullName))
        {
            var validatorType = typeof(IValidator<>).MakeGenericType(rpc.InputType.ClrType);
            if (provider.GetService(validatorType) is IValidator validator)
            {
                yield return (rpc.InputType, validator);
            }
        }
    }

    /// <summary>Proto field paths ("client.nhs_number") the validator says must not be empty, for an empty request whose messages are present but empty.</summary>
    private static HashSet<string> RefusedWhenEmpty(MessageDescriptor message, IValidator validator)
    {
        var request = (IMessage)Activator.CreateInstance(message.ClrType)!;
        foreach (var field in message.Fields.InDeclarationOrder().Where(f => f.FieldType == FieldType.Message && !f.IsRepeated && !f.MessageType.FullName.StartsWith("google.protobuf.", StringComparison.Ordinal)))
        {
            field.Accessor.SetValue(request, Activator.CreateInstance(field.MessageType.ClrType));
        }

        var context = (IValidationContext)Activator.CreateInstance(typeof(ValidationContext<>).MakeGenericType(message.ClrType), request)!;
        // Not empty, not null, or (an enum) not left UNSPECIFIED; a rule that applies only in some
        // cases (Conditional) is described in the field's comment instead.
        return [.. validator.Validate(context).Errors
            .Where(e => (e.ErrorCode is "NotEmptyValidator" or "NotNullValidator" || (e.ErrorCode == "NotEqualValidator" && e.AttemptedValue is Enum)) && !e.PropertyName.Contains('['))
            .Select(e => GrpcErrorInterceptor.ToProtoFieldPath(e.PropertyName))
            .Where(field => !Conditional.Contains($"{message.FullName}: {field}"))];
    }

    private static HashSet<string> MarkedRequired(MessageDescriptor message) =>
    [
        .. message.Fields.InDeclarationOrder().Where(IsRequired).Select(f => f.Name),
        .. message.Fields.InDeclarationOrder().Where(f => f.FieldType == FieldType.Message && !f.IsRepeated)
            .SelectMany(f => f.MessageType.Fields.InDeclarationOrder().Where(IsRequired).Select(inner => $"{f.Name}.{inner.Name}")),
    ];

    private static bool IsRequired(FieldDescriptor field) => ProtoOpenApiDocument.IsRequired(field);

    [Fact]
    public void A_field_is_marked_required_exactly_when_its_validator_refuses_it_empty()
    {
        var problems = new List<string>();
        var checkedRequests = 0;
        foreach (var (message, validator) in Validators())
        {
            checkedRequests++;
            var refused = RefusedWhenEmpty(message, validator);
            var marked = MarkedRequired(message);
            problems.AddRange(refused.Except(marked).Select(f => $"{message.FullName}: {f} is required by its validator; mark it [(google.api.field_behavior) = REQUIRED]"));
            problems.AddRange(marked.Except(refused).Select(f => $"{message.FullName}: {f} is marked REQUIRED but its validator accepts it empty"));
        }

        Assert.True(checkedRequests > 40, $"only {checkedRequests} requests have validators");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void The_document_lists_required_fields_in_each_schema()
    {
        var schemas = PublishedApis.Document()["components"]!["schemas"]!;
        var required = schemas["peer.referral.v1.CreateReferralRequest"]!["required"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
        Assert.Contains("source", required);
        var newClient = schemas["peer.referral.v1.NewClient"]!["required"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
        Assert.Contains("familyName", newClient);
        Assert.DoesNotContain("nhsNumber", newClient);
    }
}

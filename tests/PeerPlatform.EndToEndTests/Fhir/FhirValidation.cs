using Firely.Fhir.Validation;
using Hl7.Fhir.ElementModel;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Specification;
using Hl7.Fhir.Specification.Source;
using Hl7.Fhir.Specification.Terminology;

namespace PeerPlatform.EndToEndTests.Fhir;

/// <summary>
/// Firely's validator against base R4 (the specification.zip of Hl7.Fhir.Specification.Data.R4),
/// run on the JSON the facade sent. It is not thread-safe, so calls take turns.
/// </summary>
internal static class FhirValidation
{
    private static readonly object Gate = new();
    private static readonly CachedResolver Resolver = new(ZipSource.CreateValidationSource());
    private static readonly Validator Validator = new(Resolver, LocalTerminologyService.CreateDefaultForCore(Resolver));

    /// <summary>The validator's errors for a resource in FHIR JSON (empty when it conforms).</summary>
    public static IReadOnlyList<string> Errors(string json)
    {
        lock (Gate)
        {
            var element = ElementNode.FromElement(FhirJsonNode.Parse(json).ToTypedElement(new StructureDefinitionSummaryProvider(Resolver)));
            var outcome = Validator.Validate(element);
            return outcome.Issue
                .Where(i => i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal)
                .Select(i => $"{string.Join(",", i.Expression)}: {i.Details?.Text ?? i.Diagnostics}")
                .ToList();
        }
    }
}

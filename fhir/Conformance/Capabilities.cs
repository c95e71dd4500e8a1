using Hl7.Fhir.Model;
using PeerPlatform.Fhir.Encounters;
using PeerPlatform.Fhir.Http;
using PeerPlatform.Fhir.ServiceRequests;

namespace PeerPlatform.Fhir.Conformance;

/// <summary>
/// What the facade supports, in one table: the CapabilityStatement at /metadata is written from
/// it, and a request for anything else is answered from it (404 for a resource type it does not
/// serve, 405 with the allowed methods for an interaction it does not support).
/// </summary>
internal static class Capabilities
{
    public sealed record Resource(ResourceType Type, CapabilityStatement.TypeRestfulInteraction[] Interactions, string[] SearchParameters, string Documentation, bool ConditionalCreate = false, bool ConditionalUpdate = false);

    private const CapabilityStatement.TypeRestfulInteraction Read = CapabilityStatement.TypeRestfulInteraction.Read;
    private const CapabilityStatement.TypeRestfulInteraction Search = CapabilityStatement.TypeRestfulInteraction.SearchType;
    private const CapabilityStatement.TypeRestfulInteraction Create = CapabilityStatement.TypeRestfulInteraction.Create;
    private const CapabilityStatement.TypeRestfulInteraction Update = CapabilityStatement.TypeRestfulInteraction.Update;

    public static readonly Resource[] Resources =
    [
        new(ResourceType.Patient, [Read, Search], ["identifier"], "A client. Search by identifier=https://fhir.nhs.uk/Id/nhs-number|{n} (GET, or POST /Patient/_search to keep the number out of URLs)."),
        new(ResourceType.ServiceRequest, [Read, Search, Create], SearchServiceRequests.Parameters, "A referral for peer support. Create with a contained Patient for a new client; If-None-Exist: identifier=system|value makes a resend create nothing.", ConditionalCreate: true),
        new(ResourceType.Task, [Read, Search], ["focus"], "The referral's journey: businessStatus is the programme's step. Id = the referral's."),
        new(ResourceType.Consent, [Read, Create], [], "The consent-first decision. Created only after information was given (422 otherwise)."),
        new(ResourceType.EpisodeOfCare, [Read], [], "The engagement with a peer worker, once matched. Id = the referral's."),
        new(ResourceType.Encounter, [Read, Search, Create, Update], SearchEncounters.Parameters, "A peer support contact (read, search), or a hospital spell (class IMP; id 'spell-…'): create, conditional update by identifier, read, search by patient.", ConditionalUpdate: true),
        new(ResourceType.Questionnaire, [Read, Search], ["url"], "An outcome measure's structure; item wording is licensed and not served."),
        new(ResourceType.QuestionnaireResponse, [Create], [], "A completed measure, scored on receipt."),
        new(ResourceType.Practitioner, [Read], [], "A peer worker."),
        new(ResourceType.PractitionerRole, [Read], [], "A peer worker's role and employment."),
        new(ResourceType.Organization, [Read], [], "A partner organisation (admin only)."),
    ];

    public static Resource? Find(string type) => Resources.FirstOrDefault(r => r.Type.ToString() == type);

    public static CapabilityStatement Statement(string baseUrl)
    {
        var rest = new CapabilityStatement.RestComponent
        {
            Mode = CapabilityStatement.RestfulCapabilityMode.Server,
            Documentation = "PeerPlatform's FHIR R4 facade over its services (docs/fhir.md). Every call but this one needs an OAuth 2.0 bearer token from /connect/token (role integrator; admin for Organization).",
            Security = new CapabilityStatement.SecurityComponent
            {
                Service = { new CodeableConcept("http://terminology.hl7.org/CodeSystem/restful-security-service", "OAuth", "OAuth", null) },
                Description = "OAuth 2.0 client credentials; the token's role decides what may be read or written, as for the REST and gRPC APIs.",
            },
        };
        foreach (var resource in Resources)
        {
            var component = new CapabilityStatement.ResourceComponent
            {
                Type = resource.Type.ToString(),
                Documentation = resource.Documentation,
                Versioning = CapabilityStatement.ResourceVersionPolicy.NoVersion,
                ReadHistory = false,
                UpdateCreate = false,
                ConditionalCreate = resource.ConditionalCreate,
                ConditionalUpdate = resource.ConditionalUpdate,
                ConditionalDelete = CapabilityStatement.ConditionalDeleteStatus.NotSupported,
            };
            foreach (var interaction in resource.Interactions)
            {
                component.Interaction.Add(new CapabilityStatement.ResourceInteractionComponent { Code = interaction });
            }

            foreach (var parameter in resource.SearchParameters)
            {
                component.SearchParam.Add(new CapabilityStatement.SearchParamComponent
                {
                    Name = parameter,
                    Type = parameter switch
                    {
                        "authored" => SearchParamType.Date,
                        "patient" or "subject" or "focus" or "episode-of-care" or "based-on" => SearchParamType.Reference,
                        "url" => SearchParamType.Uri,
                        _ => SearchParamType.Token,
                    },
                });
            }

            rest.Resource.Add(component);
        }

        return new CapabilityStatement
        {
            Url = FhirSystems.Base + "/CapabilityStatement/peerplatform",
            Name = "PeerPlatformFhirFacade",
            Title = "PeerPlatform FHIR R4 facade",
            Status = PublicationStatus.Active,
            Date = "2026-12-08",
            Publisher = "PeerPlatform",
            Kind = CapabilityStatementKind.Instance,
            Software = new CapabilityStatement.SoftwareComponent { Name = "PeerPlatform" },
            Implementation = new CapabilityStatement.ImplementationComponent { Url = baseUrl, Description = "PeerPlatform FHIR facade" },
            FhirVersion = FHIRVersion.N4_0_1,
            Format = ["application/fhir+json"],
            Rest = { rest },
        };
    }

    /// <summary>The methods a path of a supported type allows, for a 405's Allow header.</summary>
    public static IEnumerable<string> Methods(Resource resource, bool instance)
    {
        if (instance)
        {
            if (resource.Interactions.Contains(Read))
            {
                yield return "GET";
            }
        }
        else
        {
            if (resource.Interactions.Contains(Search))
            {
                yield return "GET";
            }

            if (resource.Interactions.Contains(Create))
            {
                yield return "POST";
            }

            if (resource.ConditionalUpdate)
            {
                yield return "PUT";
            }
        }
    }
}

using Hl7.Fhir.Model;
using PeerPlatform.Fhir.Conformance;
using PeerPlatform.Fhir.Http;
using PeerPlatform.Fhir.ServiceRequests;
using PeerPlatform.Fhir.Tasks;
using C = PeerPlatform.Contracts.Referral.V1;
using FhirTask = Hl7.Fhir.Model.Task;

namespace PeerPlatform.UnitTests.Fhir;

public sealed class FhirMappingTests
{
    private static ServiceRequest NewPatientReferral() => new()
    {
        Contained = { new Patient { Id = "p", Name = { new HumanName { Family = "Okafor", Given = ["Ada"] } }, BirthDate = "1979-05-14", Identifier = { new Identifier("https://fhir.nhs.uk/Id/nhs-number", "9434765919") } } },
        Identifier = { new Identifier("https://trust.example/ubrn", "42") },
        Status = RequestStatus.Active,
        Intent = RequestIntent.Order,
        Subject = new ResourceReference("#p"),
        Requester = new ResourceReference { Display = "Dr Lee" },
        ReasonCode = { new CodeableConcept { Text = "Low mood" } },
        Priority = RequestPriority.Asap,
    };

    [Fact]
    public void A_ServiceRequest_with_a_contained_patient_becomes_a_referral_for_a_new_client()
    {
        var (request, refusal) = CreateServiceRequest.ToCreateReferral(NewPatientReferral(), "identifier=https://trust.example/ubrn|42");

        Assert.Null(refusal);
        Assert.Equal(("Ada", "Okafor", "1979-05-14", "9434765919"), (request!.Client.GivenName, request.Client.FamilyName, request.Client.DateOfBirth, request.Client.NhsNumber));
        Assert.Equal(C.ReferralSource.ClinicalTeam, request.Source);
        Assert.Equal(C.ReferralPriority.Urgent, request.Priority);
        Assert.Equal("Dr Lee", request.Referrer.Name);
        Assert.Equal("https://trust.example/ubrn|42", request.RequesterIdentifier);
    }

    private static async System.Threading.Tasks.Task<string> BodyOf(Microsoft.AspNetCore.Http.IResult result)
    {
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        context.Response.Body = new MemoryStream();
        await result.ExecuteAsync(context);
        return $"{context.Response.StatusCode} {System.Text.Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray())}";
    }

    [Fact]
    public async System.Threading.Tasks.Task A_ServiceRequest_without_a_subject_is_refused_naming_the_element()
    {
        var (request, refusal) = CreateServiceRequest.ToCreateReferral(new ServiceRequest { Status = RequestStatus.Active, Intent = RequestIntent.Order }, "");

        Assert.Null(request);
        var body = await BodyOf(refusal!);
        Assert.StartsWith("400 ", body);
        Assert.Contains("\"expression\":[\"ServiceRequest.subject\"]", body);
    }

    [Fact]
    public void A_conditional_create_must_name_an_identifier_the_resource_carries()
    {
        var (request, refusal) = CreateServiceRequest.ToCreateReferral(NewPatientReferral(), "identifier=https://trust.example/ubrn|43");

        Assert.Null(request);
        Assert.NotNull(refusal);
    }

    [Fact]
    public void A_referral_whose_requester_is_its_subject_is_a_self_referral()
    {
        var resource = NewPatientReferral();
        resource.Requester = new ResourceReference("#p");

        var (request, _) = CreateServiceRequest.ToCreateReferral(resource, "");

        Assert.Equal(C.ReferralSource.Self, request!.Source);
        Assert.Null(request.Referrer);
    }

    [Theory]
    [InlineData(C.ReferralStatus.Received, FhirTask.TaskStatus.Requested, "received")]
    [InlineData(C.ReferralStatus.ConsentGiven, FhirTask.TaskStatus.Received, "consent-given")]
    [InlineData(C.ReferralStatus.Matched, FhirTask.TaskStatus.Ready, "matched")]
    [InlineData(C.ReferralStatus.Active, FhirTask.TaskStatus.InProgress, "active")]
    [InlineData(C.ReferralStatus.NotAccepted, FhirTask.TaskStatus.Rejected, "not-accepted")]
    [InlineData(C.ReferralStatus.Withdrawn, FhirTask.TaskStatus.Cancelled, "withdrawn")]
    public void The_task_tells_the_journey_in_FHIR_and_in_the_programme_terms(C.ReferralStatus status, FhirTask.TaskStatus expected, string business)
    {
        var task = TaskMapping.ToFhir(new C.Referral { ReferralId = "r", ClientId = "c", Status = status, ReceivedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTime(DateTime.UtcNow) });

        Assert.Equal(expected, task.Status);
        Assert.Equal(business, task.BusinessStatus!.Coding[0].Code);
    }

    [Fact]
    public void Every_referral_status_has_a_ServiceRequest_status_and_a_search_finds_it_again()
    {
        foreach (var status in Enum.GetValues<C.ReferralStatus>().Where(s => s != C.ReferralStatus.Unspecified))
        {
            Assert.Contains(status, ServiceRequestMapping.StatusesFor(ServiceRequestMapping.StatusOf(status)));
        }
    }

    [Fact]
    public void Service_field_paths_become_FHIR_expressions_by_the_longest_prefix()
    {
        var fields = new FieldMap("ServiceRequest", ("client", "Patient"), ("client.nhs_number", "Patient.identifier"), ("reason", "ServiceRequest.reasonCode"));

        Assert.Equal("Patient.identifier", fields.Expression("client.nhs_number"));
        Assert.Equal("Patient", fields.Expression("client.given_name"));
        Assert.Equal("ServiceRequest", fields.Expression("source"));
    }

    [Fact]
    public void The_capability_statement_lists_each_supported_resource_once_with_its_interactions()
    {
        var statement = Capabilities.Statement("http://localhost/fhir");
        var resources = statement.Rest[0].Resource;

        Assert.Equal(Capabilities.Resources.Length, resources.Select(r => r.Type).Distinct().Count());
        var serviceRequest = resources.Single(r => r.Type == "ServiceRequest");
        Assert.True(serviceRequest.ConditionalCreate);
        Assert.Contains(serviceRequest.Interaction, i => i.Code == CapabilityStatement.TypeRestfulInteraction.Create);
        Assert.DoesNotContain(resources.Single(r => r.Type == "Patient").Interaction, i => i.Code == CapabilityStatement.TypeRestfulInteraction.Delete);
        Assert.Equal(["GET"], Capabilities.Methods(Capabilities.Find("Patient")!, instance: true));
    }
}

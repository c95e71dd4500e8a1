using Grpc.Core;
using Hl7.Fhir.Model;
using PeerPlatform.Fhir.Http;
using W = PeerPlatform.Contracts.Workforce.V1;

namespace PeerPlatform.Fhir.Practitioners;

/// <summary>
/// GET /Practitioner/{id} and GET /PractitionerRole/{id}: a peer worker (id = the worker's), with
/// nothing personal beyond what the Workforce service gives an integrator (no name or contact
/// details: the service holds none for this role). The role says peer support worker, the
/// employment period and whether the worker is available (WorkforceService.GetWorker).
/// </summary>
internal static class ReadPractitioner
{
    public static void Map(IEndpointRouteBuilder fhir)
    {
        fhir.MapGet("/Practitioner/{id}", (string id, W.WorkforceService.WorkforceServiceClient workforce, CancellationToken cancellationToken) =>
            ReadAsync(id, "Practitioner", workforce, ToPractitioner, cancellationToken));
        fhir.MapGet("/PractitionerRole/{id}", (string id, W.WorkforceService.WorkforceServiceClient workforce, CancellationToken cancellationToken) =>
            ReadAsync(id, "PractitionerRole", workforce, ToPractitionerRole, cancellationToken));
    }

    private static async Task<IResult> ReadAsync(string id, string resourceType, W.WorkforceService.WorkforceServiceClient workforce, Func<W.PeerWorker, Resource> map, CancellationToken cancellationToken)
    {
        try
        {
            return FhirJson.Write(map(await workforce.GetWorkerAsync(new W.GetWorkerRequest { WorkerId = id }, cancellationToken: cancellationToken)));
        }
        catch (RpcException exception)
        {
            return FhirErrors.FromRpc(exception, new FieldMap(resourceType, ("worker_id", resourceType + ".id")));
        }
    }

    internal static Practitioner ToPractitioner(W.PeerWorker worker) => new()
    {
        Id = worker.WorkerId,
        Active = worker.Status != W.EmploymentStatus.Left,
    };

    internal static PractitionerRole ToPractitionerRole(W.PeerWorker worker) => new()
    {
        Id = worker.WorkerId,
        Active = worker.Status == W.EmploymentStatus.Active,
        Practitioner = References.To("Practitioner", worker.WorkerId),
        Code = { new CodeableConcept(FhirSystems.WorkerRole, "peer-support-worker", "Peer support worker", null) },
        Specialty = { new CodeableConcept { Coding = [ServiceRequests.ServiceRequestMapping.PeerSupport] } },
        Period = new Period
        {
            Start = worker.StartDate.Length > 0 ? worker.StartDate : null,
            End = worker.LeftOn.Length > 0 ? worker.LeftOn : null,
        },
    };
}

using PeerPlatform.Fhir;
using PeerPlatform.Fhir.Http;
using PeerPlatform.Security;
using PeerPlatform.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.ConfigurePeerEndpoints();
builder.AddServiceDefaults();
builder.AddPeerAuthentication();
builder.AddFhirFacade();

var app = builder.Build();

// An unexpected failure is an OperationOutcome with the trace id, never a stack trace.
app.UseExceptionHandler(failed => failed.Run(context =>
    FhirErrors.Outcome(StatusCodes.Status500InternalServerError, Hl7.Fhir.Model.OperationOutcome.IssueType.Exception, "The FHIR facade failed; report the trace id.")
        .ExecuteAsync(context)));
app.UseAuthentication();
app.UseAuthorization();
app.MapDefaultEndpoints();
app.MapFhirFacade();

await app.RunAsync();

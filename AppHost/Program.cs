using Microsoft.Extensions.Configuration;
using PeerPlatform.AppHost.Infrastructure;

// PeerPlatform: four services and a gateway over one PostgreSQL server (a database per
// service) and RabbitMQ. See README.md for the settings ("Infrastructure", "LocalInfrastructure",
// "Gateway") and docs for the architecture.
var builder = DistributedApplication.CreateBuilder(args);

var infrastructure = PeerInfrastructure.Add(builder, ["referraldb", "workforcedb", "supervisiondb", "outcomesdb"]);

var workforce = AddService<Projects.PeerPlatform_Workforce>("workforce", "workforcedb");
var referral = AddService<Projects.PeerPlatform_Referral>("referral", "referraldb")
    .WithReference(workforce);
var supervision = AddService<Projects.PeerPlatform_Supervision>("supervision", "supervisiondb");
var outcomes = AddService<Projects.PeerPlatform_Outcomes>("outcomes", "outcomesdb");

var gatewayHttpPort = builder.Configuration.GetValue("Gateway:HttpPort", 5080);
var gatewayGrpcPort = builder.Configuration.GetValue("Gateway:GrpcPort", 5081);
builder.AddProject<Projects.PeerPlatform_Gateway>("gateway", launchProfileName: null)
    .WithHttpEndpoint(port: gatewayHttpPort, targetPort: gatewayHttpPort, name: "http", env: "HTTP_PORT", isProxied: false)
    .WithHttpEndpoint(port: gatewayGrpcPort, targetPort: gatewayGrpcPort, name: "grpc", env: "GRPC_PORT", isProxied: false)
    .WithHttpHealthCheck("/health")
    .WithReference(referral).WaitFor(referral)
    .WithReference(outcomes).WaitFor(outcomes)
    .WithReference(workforce).WaitFor(workforce)
    .WithReference(supervision).WaitFor(supervision);

builder.Build().Run();

// A service: REST/JSON and health on "http" (HTTP/1.1), native gRPC on "grpc" (HTTP/2 only),
// its own database, the broker, and readiness from /health.
IResourceBuilder<ProjectResource> AddService<TProject>(string name, string database) where TProject : IProjectMetadata, new() =>
    infrastructure.Connect(
        builder.AddProject<TProject>(name, launchProfileName: null)
            .WithHttpEndpoint(name: "http", env: "HTTP_PORT")
            .WithHttpEndpoint(name: "grpc", env: "GRPC_PORT")
            .WithHttpHealthCheck("/health"),
        database);

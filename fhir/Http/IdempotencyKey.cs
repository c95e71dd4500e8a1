using Grpc.Core;

namespace PeerPlatform.Fhir.Http;

/// <summary>The caller's Idempotency-Key header passed to the service, which honours it as for REST and gRPC callers.</summary>
internal static class IdempotencyKey
{
    public static Metadata? From(HttpContext context) =>
        context.Request.Headers["Idempotency-Key"].ToString() is { Length: > 0 } key ? new Metadata { { "idempotency-key", key } } : null;
}

using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using PeerPlatform.Contracts.Audit.V1;
using PeerPlatform.Security;

namespace PeerPlatform.Auditing;

public static class AuditingExtensions
{
    /// <summary>The audit trail in <typeparamref name="TDbContext"/>, and auditing of refused calls to personal data.</summary>
    public static IHostApplicationBuilder AddPeerAuditTrail<TDbContext>(this IHostApplicationBuilder builder) where TDbContext : DbContext
    {
        builder.Services.AddHttpContextAccessor();
        builder.Services.TryAddScoped<Caller>();
        builder.Services.AddScoped<IAuditTrail, AuditTrail<TDbContext>>();
        builder.Services.AddSingleton<AuditGroupWriter<TDbContext>>();
        builder.Services.AddScoped<AuditQuery<TDbContext>>();
        builder.Services.AddScoped<IValidator<ListAuditRecordsRequest>, ListAuditRecordsValidator>();
        builder.Services.AddSingleton<IAuthorizationMiddlewareResultHandler, AuditingAuthorizationResultHandler>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        return builder;
    }
}

/// <summary>Writes a Denied audit record when authorization refuses a call marked [PersonalData].</summary>
internal sealed class AuditingAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler inner = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        if ((result.Forbidden || result.Challenged) && context.GetEndpoint()?.Metadata.GetMetadata<PersonalDataAttribute>() is { } personalData)
        {
            var recordId = personalData.IdField is { } field && context.Request.RouteValues.TryGetValue(field, out var value)
                ? value?.ToString() ?? "unknown"
                : "unknown";
            var audit = context.RequestServices.GetRequiredService<IAuditTrail>();
            await audit.WriteAsync(personalData.RecordType, recordId[..Math.Min(recordId.Length, 100)], personalData.Action, AuditOutcome.Denied, context.RequestAborted);
        }

        await inner.HandleAsync(next, context, policy, result);
    }
}

using System.Diagnostics;

namespace PeerPlatform.Gateway.Telemetry;

public static class TraceResponseHeader
{
    /// <summary>
    /// Answers every request with a W3C <c>traceresponse</c> header naming the trace the gateway
    /// recorded it under, so an integrator can quote it and an operator can open that trace.
    /// A caller that sent its own <c>traceparent</c> gets its own trace id back.
    /// </summary>
    public static IApplicationBuilder UseTraceResponseHeader(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        if (Activity.Current is { } activity)
        {
            context.Response.OnStarting(() =>
            {
                context.Response.Headers["traceresponse"] = $"00-{activity.TraceId}-{activity.SpanId}-{(activity.Recorded ? "01" : "00")}";
                return Task.CompletedTask;
            });
        }

        return next(context);
    });
}

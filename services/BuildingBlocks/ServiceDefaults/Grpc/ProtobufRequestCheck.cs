using System.Buffers.Binary;
using System.Collections.Frozen;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace PeerPlatform.ServiceDefaults.Grpc;

/// <summary>
/// Refuses a native gRPC request whose message is not valid protobuf for its method with
/// InvalidArgument and the parser's reason. Without this, gRPC for ASP.NET Core fails while
/// deserializing, before any interceptor runs, and answers Unknown ("Exception was thrown by
/// handler"), which tells the caller nothing. Unary messages are at most 1 MiB, so buffering one
/// to check it is cheap; the gRPC handler then reads it again.
/// </summary>
public sealed class ProtobufRequestCheck(RequestDelegate next)
{
    private static readonly FrozenDictionary<string, MessageDescriptor> InputTypes = typeof(Contracts.Events.IIntegrationEvent).Assembly
        .GetTypes()
        .Where(t => t.IsClass && t.IsAbstract && t.IsSealed && t.GetProperty("Descriptor")?.PropertyType == typeof(FileDescriptor))
        .Select(t => (FileDescriptor)t.GetProperty("Descriptor")!.GetValue(null)!)
        .SelectMany(file => file.Services)
        .SelectMany(service => service.Methods.Select(method => (Path: $"/{service.FullName}/{method.Name}", method.InputType)))
        .ToFrozenDictionary(m => m.Path, m => m.InputType);

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) != true
            || !InputTypes.TryGetValue(context.Request.Path.Value ?? "", out var inputType))
        {
            await next(context);
            return;
        }

        context.Request.EnableBuffering();
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        context.Request.Body.Position = 0;
        if (Problem(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), inputType) is { } problem)
        {
            // A trailers-only gRPC response: HTTP 200 with the status in the headers.
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/grpc";
            context.Response.Headers["grpc-status"] = ((int)global::Grpc.Core.StatusCode.InvalidArgument).ToString(System.Globalization.CultureInfo.InvariantCulture);
            context.Response.Headers["grpc-message"] = Uri.EscapeDataString(problem);
            return;
        }

        await next(context);
    }

    private static string? Problem(ReadOnlySpan<byte> frame, MessageDescriptor inputType)
    {
        if (frame.Length < 5)
        {
            return "The request has no complete gRPC message frame.";
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(frame[1..5]);
        if (frame[0] != 0 || length != frame.Length - 5)
        {
            return frame[0] != 0 ? "Compressed request messages are not accepted." : "The message length does not match its frame.";
        }

        try
        {
            inputType.Parser.ParseFrom(frame[5..].ToArray());
            return null;
        }
        catch (InvalidProtocolBufferException exception)
        {
            return $"The request is not a valid {inputType.FullName} message: {exception.Message}";
        }
    }
}

public static class ProtobufRequestCheckExtensions
{
    /// <summary>Checks native gRPC request messages before the gRPC handler parses them.</summary>
    public static WebApplication UsePeerGrpcRequestChecks(this WebApplication app)
    {
        app.UseMiddleware<ProtobufRequestCheck>();
        return app;
    }
}

using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Frozen;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace PeerPlatform.Grpc;

/// <summary>
/// Refuses a native gRPC request whose message is not valid protobuf for its method with
/// InvalidArgument and the parser's reason. Without this, gRPC for ASP.NET Core fails while
/// deserializing, before any interceptor runs, and answers Unknown ("Exception was thrown by
/// handler"), which tells the caller nothing. The message is read from the request's pipe and
/// left unconsumed there, so the gRPC handler reads the same bytes without a copy; a message
/// over the gRPC size limit is left to the handler, which refuses it.
/// </summary>
public sealed class ProtobufRequestCheck(RequestDelegate next)
{
    /// <summary>The gRPC frame header: a compression flag and the message length.</summary>
    private const int FrameHeaderBytes = 5;

    private static readonly FrozenDictionary<string, MessageDescriptor> InputTypes = typeof(Contracts.Events.IIntegrationEvent).Assembly
        .GetTypes()
        .Where(t => t.IsClass && t.IsAbstract && t.IsSealed && t.GetProperty("Descriptor")?.PropertyType == typeof(FileDescriptor))
        .Select(t => (FileDescriptor)t.GetProperty("Descriptor")!.GetValue(null)!)
        .SelectMany(file => file.Services)
        .SelectMany(service => service.Methods.Select(method => (Path: $"/{service.FullName}/{method.Name}", method.InputType)))
        .ToFrozenDictionary(m => m.Path, m => m.InputType);

    public Task InvokeAsync(HttpContext context) =>
        context.Request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) == true
        && InputTypes.TryGetValue(context.Request.Path.Value ?? "", out var inputType)
            ? CheckThenInvokeAsync(context, inputType)
            : next(context);

    private async Task CheckThenInvokeAsync(HttpContext context, MessageDescriptor inputType)
    {
        var body = context.Request.BodyReader;
        var read = await body.ReadAsync(context.RequestAborted);
        // Waits for the whole request, examining what has come without consuming it.
        while (!read.IsCompleted && !read.IsCanceled && read.Buffer.Length <= GrpcServiceExtensions.MaxMessageBytes + FrameHeaderBytes)
        {
            body.AdvanceTo(read.Buffer.Start, read.Buffer.End);
            read = await body.ReadAsync(context.RequestAborted);
        }

        var problem = read.IsCompleted ? Problem(read.Buffer, inputType) : null;
        body.AdvanceTo(read.Buffer.Start);
        if (problem is not null)
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

    private static string? Problem(ReadOnlySequence<byte> frame, MessageDescriptor inputType)
    {
        if (frame.Length < FrameHeaderBytes)
        {
            return "The request has no complete gRPC message frame.";
        }

        Span<byte> header = stackalloc byte[FrameHeaderBytes];
        frame.Slice(0, FrameHeaderBytes).CopyTo(header);
        var length = BinaryPrimitives.ReadUInt32BigEndian(header[1..]);
        if (header[0] != 0 || length != frame.Length - FrameHeaderBytes)
        {
            return header[0] != 0 ? "Compressed request messages are not accepted." : "The message length does not match its frame.";
        }

        try
        {
            inputType.Parser.ParseFrom(frame.Slice(FrameHeaderBytes));
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

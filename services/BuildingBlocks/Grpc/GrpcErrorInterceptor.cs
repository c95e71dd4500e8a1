using System.Diagnostics;
using System.Text;
using FluentValidation;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using PeerPlatform.Persistence;
using PeerPlatform.SharedKernel;
using RpcStatus = Google.Rpc.Status;

namespace PeerPlatform.Grpc;

/// <summary>
/// Validates every unary request with its registered FluentValidation validator before the
/// handler runs, and turns failures into gRPC statuses a caller can act on: bad input becomes
/// InvalidArgument with one field violation per problem (HTTP 400 through JSON transcoding),
/// a missing record NotFound, a broken domain rule FailedPrecondition, an unreachable database
/// Unavailable. Anything unexpected becomes Internal with a trace id and no detail, never a
/// stack trace.
/// </summary>
public sealed class GrpcErrorInterceptor(ILogger<GrpcErrorInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            var services = context.GetHttpContext().RequestServices;
            if (services.GetService<IValidator<TRequest>>() is { } validator)
            {
                var result = await validator.ValidateAsync(request, context.CancellationToken);
                if (!result.IsValid)
                {
                    throw InvalidArgument(result.Errors.Select(e => (ToProtoFieldPath(e.PropertyName), e.ErrorMessage)));
                }
            }

            if (request is Google.Protobuf.IMessage message && FieldWithNulCharacter(message, "") is { } field)
            {
                // PostgreSQL cannot store U+0000; refuse it up front, naming the field.
                throw InvalidArgument([(field, "Must not contain the NUL character (U+0000).")]);
            }

            return await continuation(request, context);
        }
        catch (RpcException exception)
        {
            throw WithRequestInfo(exception);
        }
        catch (Exception exception)
        {
            throw WithRequestInfo(Translate(exception, context.Method));
        }
    }

    /// <summary>
    /// Adds a google.rpc.RequestInfo naming the trace (its request_id) to the status, so every
    /// error body, the gateway's own included (ErrorBodies), names the trace to quote.
    /// </summary>
    internal static RpcException WithRequestInfo(RpcException exception)
    {
        if (Activity.Current?.TraceId.ToString() is not { } traceId)
        {
            return exception;
        }

        var status = exception.GetRpcStatus() ?? new RpcStatus { Code = (int)exception.StatusCode, Message = exception.Status.Detail };
        if (!status.Details.Any(detail => detail.Is(RequestInfo.Descriptor)))
        {
            status.Details.Add(Any.Pack(new RequestInfo { RequestId = traceId }));
        }

        return status.ToRpcException();
    }

    /// <summary>The path of the first string field (at any depth) that contains U+0000, if any.</summary>
    internal static string? FieldWithNulCharacter(Google.Protobuf.IMessage message, string prefix)
    {
        foreach (var field in message.Descriptor.Fields.InDeclarationOrder())
        {
            var path = prefix + field.Name;
            var value = field.Accessor.GetValue(message);
            switch (value)
            {
                case string text when text.Contains('\0'):
                    return path;
                case Google.Protobuf.IMessage nested when FieldWithNulCharacter(nested, path + ".") is { } inner:
                    return inner;
                case System.Collections.IList list:
                    for (var i = 0; i < list.Count; i++)
                    {
                        if ((list[i] is string item && item.Contains('\0'))
                            || (list[i] is Google.Protobuf.IMessage element && FieldWithNulCharacter(element, $"{path}[{i}].") is not null))
                        {
                            return $"{path}[{i}]";
                        }
                    }

                    break;
                case System.Collections.IDictionary map:
                    foreach (System.Collections.DictionaryEntry entry in map)
                    {
                        if ((entry.Key is string key && key.Contains('\0')) || (entry.Value is string mapped && mapped.Contains('\0')))
                        {
                            return path;
                        }
                    }

                    break;
            }
        }

        return null;
    }

    /// <summary>Builds the InvalidArgument status with google.rpc.BadRequest field violations.</summary>
    public static RpcException InvalidArgument(IEnumerable<(string Field, string Description)> violations)
    {
        var badRequest = new BadRequest();
        foreach (var (field, description) in violations)
        {
            badRequest.FieldViolations.Add(new BadRequest.Types.FieldViolation { Field = field, Description = description });
        }

        var summary = string.Join("; ", badRequest.FieldViolations.Select(v => $"{v.Field}: {v.Description}"));
        var status = new RpcStatus
        {
            Code = (int)Code.InvalidArgument,
            Message = $"The request is invalid. {summary}",
            Details = { Any.Pack(badRequest) },
        };
        return status.ToRpcException();
    }

    private RpcException Translate(Exception exception, string method)
    {
        switch (exception)
        {
            case ValidationException validation:
                return InvalidArgument(validation.Errors.Select(e => (ToProtoFieldPath(e.PropertyName), e.ErrorMessage)));
            case InvalidFieldException invalid:
                return InvalidArgument([(invalid.Field, invalid.Message)]);
            case NotFoundException notFound:
                return new RpcException(new global::Grpc.Core.Status(StatusCode.NotFound, notFound.Message));
            case AlreadyExistsException exists:
                return new RpcStatus
                {
                    Code = (int)Code.AlreadyExists,
                    Message = exists.Message,
                    Details =
                    {
                        Any.Pack(new ErrorInfo { Reason = "ALREADY_EXISTS", Domain = "peerplatform", Metadata = { ["existing_id"] = exists.ExistingId } }),
                    },
                }.ToRpcException();
            case DomainRuleViolationException rule:
                return new RpcException(new global::Grpc.Core.Status(StatusCode.FailedPrecondition, rule.Message));
            case DbUpdateConcurrencyException:
                return new RpcException(new global::Grpc.Core.Status(StatusCode.Aborted,
                    "The record was changed by another request at the same time; nothing was saved. Read it again and retry."));
            case DbUpdateException { InnerException: PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } }:
                return new RpcException(new global::Grpc.Core.Status(StatusCode.Aborted,
                    "A concurrent request created the same record; nothing was saved. Retry to see it."));
            case OperationCanceledException:
                return new RpcException(new global::Grpc.Core.Status(StatusCode.Cancelled, "The call was cancelled."));
        }

        // The same rule the consumers' retries and the group commits use for "briefly away".
        if (TransientFailures.IsTransient(exception))
        {
            // Type name only: database messages can echo values from the statement.
            logger.LogWarning("Database or dependency briefly unavailable during {Method}: {ExceptionType}", method, exception.GetType().Name);
            return new RpcException(new global::Grpc.Core.Status(StatusCode.Unavailable, "The service is temporarily unavailable; retry later."));
        }

        var traceId = Activity.Current?.TraceId.ToString() ?? "none";
        logger.LogError("Unhandled {ExceptionType} in {Method} (trace {TraceId})", exception.GetType().FullName, method, traceId);
        return new RpcException(new global::Grpc.Core.Status(StatusCode.Internal, $"An internal error occurred. Trace id: {traceId}."));
    }

    /// <summary>"Client.NhsNumber" becomes "client.nhs_number": callers see the proto field path.</summary>
    public static string ToProtoFieldPath(string propertyPath)
    {
        var builder = new StringBuilder(propertyPath.Length + 8);
        var startOfSegment = true;
        foreach (var character in propertyPath)
        {
            if (char.IsUpper(character))
            {
                if (!startOfSegment)
                {
                    builder.Append('_');
                }

                builder.Append(char.ToLowerInvariant(character));
            }
            else
            {
                builder.Append(character);
            }

            startOfSegment = character is '.' or '[' or ']';
        }

        return builder.ToString();
    }
}

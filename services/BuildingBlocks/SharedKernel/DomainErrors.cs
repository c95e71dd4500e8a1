namespace PeerPlatform.SharedKernel;

/// <summary>The requested record does not exist (or the caller may not know it exists).</summary>
public sealed class NotFoundException(string recordType, string id)
    : Exception($"{recordType} '{id}' was not found.")
{
    public string RecordType { get; } = recordType;
}

/// <summary>A domain rule forbids the change in the record's current state (gRPC FailedPrecondition).</summary>
public sealed class DomainRuleViolationException(string message) : Exception(message);

/// <summary>The record already exists; the caller should use the existing one (gRPC AlreadyExists, HTTP 409).</summary>
public sealed class AlreadyExistsException(string message, string existingId) : Exception(message)
{
    public string ExistingId { get; } = existingId;
}

/// <summary>A request field that validation could not judge on its own is wrong (gRPC InvalidArgument naming the field).</summary>
public sealed class InvalidFieldException(string field, string message) : Exception(message)
{
    /// <summary>The field as the caller names it ("page_token").</summary>
    public string Field { get; } = field;
}

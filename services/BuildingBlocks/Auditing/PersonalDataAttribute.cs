namespace PeerPlatform.Auditing;

/// <summary>
/// Marks an RPC that reads or changes personal data, so that a call refused by authorization is
/// audited too. <see cref="IdField"/> names the request field (route value for REST) holding the
/// record id; for native gRPC calls, refused before the body is read, the id is recorded as "unknown".
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PersonalDataAttribute(string recordType, AuditAction action, string? idField = null) : Attribute
{
    public string RecordType { get; } = recordType;

    public AuditAction Action { get; } = action;

    public string? IdField { get; } = idField;
}

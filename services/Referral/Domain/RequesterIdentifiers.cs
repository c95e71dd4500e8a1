namespace PeerPlatform.Referral.Domain;

/// <summary>
/// A referring system's identifier for a referral, written "system|value" as FHIR token searches
/// write it: the system an absolute URI naming whose numbering it is, the value that system's id.
/// </summary>
public static class RequesterIdentifiers
{
    public static bool IsWellFormed(string identifier)
    {
        var bar = identifier.IndexOf('|');
        return bar > 0 && bar < identifier.Length - 1
            && Uri.TryCreate(identifier[..bar], UriKind.Absolute, out _)
            && !identifier.AsSpan(bar + 1).ContainsAny(" \t\r\n|");
    }
}

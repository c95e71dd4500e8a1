using System.Buffers.Text;

namespace PeerPlatform.Integrations.Webhooks;

/// <summary>
/// Keyset paging over time-ordered ids (UUIDv7, newest first): the token is the last id of the
/// page (base64url, opaque to callers), so rows inserted while a caller pages neither repeat nor
/// push others onto the next page.
/// </summary>
internal static class KeysetPageToken
{
    public static string After(Guid lastId) => Base64Url.EncodeToString(lastId.ToByteArray(bigEndian: true));

    public static bool TryRead(string token, out Guid? lastId)
    {
        lastId = null;
        if (token.Length == 0)
        {
            return true;
        }

        Span<byte> bytes = stackalloc byte[18];
        if (token.Length > 24 || !Base64Url.IsValid(token) || !Base64Url.TryDecodeFromChars(token, bytes, out var written) || written != 16)
        {
            return false;
        }

        lastId = new Guid(bytes[..16], bigEndian: true);
        return true;
    }
}

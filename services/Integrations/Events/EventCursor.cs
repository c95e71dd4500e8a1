using System.Buffers.Binary;
using System.Buffers.Text;

namespace PeerPlatform.Integrations.Events;

/// <summary>
/// A position in the event feed, opaque to callers: base64url of a version byte and the last
/// position read. Callers keep it and pass it back; its form may change with its version byte.
/// </summary>
internal static class EventCursor
{
    private const byte Version = 1;

    public static string After(long sequence)
    {
        Span<byte> bytes = stackalloc byte[9];
        bytes[0] = Version;
        BinaryPrimitives.WriteInt64BigEndian(bytes[1..], sequence);
        return Base64Url.EncodeToString(bytes);
    }

    public static bool TryRead(string cursor, out long sequence)
    {
        sequence = 0;
        if (cursor.Length == 0)
        {
            return true;
        }

        Span<byte> bytes = stackalloc byte[12];
        if (cursor.Length > 16 || !Base64Url.IsValid(cursor) || !Base64Url.TryDecodeFromChars(cursor, bytes, out var written) || written != 9 || bytes[0] != Version)
        {
            return false;
        }

        sequence = BinaryPrimitives.ReadInt64BigEndian(bytes[1..9]);
        return sequence >= 0;
    }
}

using System.Globalization;
using Microsoft.EntityFrameworkCore;

namespace PeerPlatform.Persistence;

public static class Paging
{
    /// <summary>
    /// One page of an ordered query (offset paging: the token is the next offset, checked by the
    /// PageToken validation rule); the next token is empty on the last page.
    /// </summary>
    public static async Task<(List<T> Items, string NextPageToken)> ToPageAsync<T>(
        this IQueryable<T> ordered, string pageToken, int pageSize, CancellationToken cancellationToken, int defaultSize = 50)
    {
        var offset = pageToken.Length == 0 ? 0 : int.Parse(pageToken, CultureInfo.InvariantCulture);
        var size = pageSize > 0 ? pageSize : defaultSize;
        var items = await ordered.Skip(offset).Take(size + 1).ToListAsync(cancellationToken);
        var next = items.Count > size ? (offset + size).ToString(CultureInfo.InvariantCulture) : "";
        return (items.Take(size).ToList(), next);
    }
}

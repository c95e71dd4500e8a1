using System.Buffers.Text;
using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace PeerPlatform.Persistence;

/// <summary>
/// Keyset paging: a list is ordered by its keys (the last one unique, the record's id) and a page
/// token holds the keys of the page's last row, so the next page is "rows after these keys" (a
/// PostgreSQL row comparison). Rows inserted while a caller pages neither repeat a row nor push
/// one onto the next page, as an offset would. Tokens are opaque to callers: base64url of the
/// keys as JSON.
/// </summary>
public static class Paging
{
    private static readonly MethodInfo RowLessThan = typeof(NpgsqlDbFunctionsExtensions).GetMethod(nameof(NpgsqlDbFunctionsExtensions.LessThan), [typeof(DbFunctions), typeof(ITuple), typeof(ITuple)])!;
    private static readonly MethodInfo RowGreaterThan = typeof(NpgsqlDbFunctionsExtensions).GetMethod(nameof(NpgsqlDbFunctionsExtensions.GreaterThan), [typeof(DbFunctions), typeof(ITuple), typeof(ITuple)])!;
    private static readonly Expression Functions = Expression.Property(null, typeof(EF).GetProperty(nameof(EF.Functions))!);

    /// <summary>
    /// One page of <paramref name="query"/> ordered by <paramref name="keys"/> (all ascending, or all
    /// descending when <paramref name="descending"/>), after the row <paramref name="pageToken"/>
    /// names; the next token is empty on the last page. A token that does not fit these keys is
    /// refused as page_token (InvalidArgument).
    /// </summary>
    public static async Task<(List<T> Items, string NextPageToken)> ToKeysetPageAsync<T>(
        this IQueryable<T> query, string pageToken, int pageSize, bool descending, CancellationToken cancellationToken, params Expression<Func<T, object?>>[] keys)
    {
        var parameter = keys[0].Parameters[0];
        var bodies = keys.Select(k => Unboxed(new ParameterSwap(k.Parameters[0], parameter).Visit(k.Body))).ToArray();
        var ordered = Order(query, parameter, bodies, descending);
        if (pageToken.Length > 0)
        {
            var bound = new KeysetBound(ReadToken(pageToken, bodies.Select(b => b.Type).ToArray()));
            ordered = ordered.Where(After<T>(parameter, bodies, bound, descending));
        }

        var size = pageSize > 0 ? pageSize : 50;
        var items = await ordered.Take(size + 1).ToListAsync(cancellationToken);
        var next = items.Count > size ? WriteToken(keys.Select(k => Compiled(k)(items[size - 1])).ToArray()) : "";
        return (items.Take(size).ToList(), next);
    }

    /// <summary>Whether <paramref name="token"/> has the form of a page token (its keys are checked when it is used).</summary>
    public static bool IsPageToken(string token)
    {
        if (token.Length == 0)
        {
            return true;
        }

        if (token.Length > 2000 || !Base64Url.IsValid(token))
        {
            return false;
        }

        try
        {
            return JsonDocument.Parse(Base64Url.DecodeFromChars(token)).RootElement.ValueKind == JsonValueKind.Array;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>
    /// A key selector compiled once per list and key, not on every page: the lambdas a handler
    /// passes are new objects on each call but the same text, which is what the cache is keyed by.
    /// </summary>
    private static Func<T, object?> Compiled<T>(Expression<Func<T, object?>> key) =>
        (Func<T, object?>)CompiledKeys.GetOrAdd((typeof(T), key.ToString()), _ => key.Compile());

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(Type, string), Delegate> CompiledKeys = new();

    private static string WriteToken(object?[] values) => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(values));

    private static object?[] ReadToken(string token, Type[] types)
    {
        try
        {
            var elements = JsonDocument.Parse(Base64Url.DecodeFromChars(token)).RootElement.EnumerateArray().ToArray();
            if (elements.Length == types.Length)
            {
                return [.. elements.Select((element, i) => element.Deserialize(types[i]))];
            }
        }
        catch (Exception exception) when (exception is JsonException or FormatException or InvalidOperationException)
        {
        }

        throw new PeerPlatform.SharedKernel.InvalidFieldException("page_token", "Must be a next_page_token from a previous page of this list.");
    }

    private static IQueryable<T> Order<T>(IQueryable<T> query, ParameterExpression parameter, Expression[] bodies, bool descending)
    {
        var expression = query.Expression;
        for (var i = 0; i < bodies.Length; i++)
        {
            var method = (i, descending) switch
            {
                (0, false) => nameof(Queryable.OrderBy),
                (0, true) => nameof(Queryable.OrderByDescending),
                (_, false) => nameof(Queryable.ThenBy),
                _ => nameof(Queryable.ThenByDescending),
            };
            expression = Expression.Call(typeof(Queryable), method, [typeof(T), bodies[i].Type], expression, Expression.Quote(Expression.Lambda(bodies[i], parameter)));
        }

        return query.Provider.CreateQuery<T>(expression);
    }

    /// <summary>row(keys) &gt; row(bound), or &lt; when descending (a single key is compared as the row (key, key)).</summary>
    private static Expression<Func<T, bool>> After<T>(ParameterExpression parameter, Expression[] bodies, KeysetBound bound, bool descending)
    {
        var values = bodies.Select((body, i) => (Expression)Expression.Convert(
            Expression.ArrayIndex(Expression.Property(Expression.Constant(bound), nameof(KeysetBound.Values)), Expression.Constant(i)), body.Type)).ToArray();
        if (bodies.Length == 1)
        {
            (bodies, values) = ([bodies[0], bodies[0]], [values[0], values[0]]);
        }

        var comparison = Expression.Call(descending ? RowLessThan : RowGreaterThan, Functions,
            Expression.Convert(Tuple(bodies), typeof(ITuple)), Expression.Convert(Tuple(values), typeof(ITuple)));
        return Expression.Lambda<Func<T, bool>>(comparison, parameter);
    }

    private static NewExpression Tuple(Expression[] items)
    {
        var type = Type.GetType($"System.ValueTuple`{items.Length}")!.MakeGenericType([.. items.Select(i => i.Type)]);
        return Expression.New(type.GetConstructor([.. items.Select(i => i.Type)])!, items);
    }

    private static Expression Unboxed(Expression body) =>
        body is UnaryExpression { NodeType: ExpressionType.Convert } convert && convert.Type == typeof(object) ? convert.Operand : body;

    /// <summary>The last row's keys, read from the token: a captured object, so EF Core sends them as parameters.</summary>
    private sealed class KeysetBound(object?[] values)
    {
        public object?[] Values { get; } = values;
    }

    private sealed class ParameterSwap(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }
}

using System.Collections.Frozen;
using System.Reflection;
using MassTransit;
using PeerPlatform.Contracts.Events;

namespace PeerPlatform.Messaging;

/// <summary>
/// The integration events defined in contracts, by their stable message URN. The outbox stores
/// the URN, not the CLR type name, so renaming a class never strands unsent events.
/// </summary>
public static class IntegrationEventTypes
{
    // Read once: every event added to an outbox asks for its URN, and reading the attribute by
    // reflection each time is work repeated on every create (docs/decisions/0011).
    private static readonly FrozenDictionary<Type, string> UrnsByType = typeof(IIntegrationEvent).Assembly
        .GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IIntegrationEvent).IsAssignableFrom(t))
        .ToFrozenDictionary(t => t, ReadUrn);

    private static readonly FrozenDictionary<string, Type> TypesByUrn = UrnsByType.ToFrozenDictionary(e => e.Value, e => e.Key);

    public static IReadOnlyCollection<Type> All => TypesByUrn.Values;

    public static string UrnOf(Type eventType) =>
        UrnsByType.TryGetValue(eventType, out var urn) ? urn : ReadUrn(eventType);

    private static string ReadUrn(Type eventType) =>
        eventType.GetCustomAttribute<MessageUrnAttribute>()?.Urn.ToString()
        ?? throw new InvalidOperationException($"{eventType.Name} needs a [MessageUrn] attribute: integration events have stable names.");

    public static Type TypeOf(string urn) =>
        TypesByUrn.TryGetValue(urn, out var type)
            ? type
            : throw new InvalidOperationException($"Unknown integration event '{urn}'.");
}

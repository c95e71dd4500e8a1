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
    private static readonly FrozenDictionary<string, Type> TypesByUrn = typeof(IIntegrationEvent).Assembly
        .GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IIntegrationEvent).IsAssignableFrom(t))
        .ToFrozenDictionary(UrnOf, t => t);

    public static IReadOnlyCollection<Type> All => TypesByUrn.Values;

    public static string UrnOf(Type eventType) =>
        eventType.GetCustomAttribute<MessageUrnAttribute>()?.Urn.ToString()
        ?? throw new InvalidOperationException($"{eventType.Name} needs a [MessageUrn] attribute: integration events have stable names.");

    public static Type TypeOf(string urn) =>
        TypesByUrn.TryGetValue(urn, out var type)
            ? type
            : throw new InvalidOperationException($"Unknown integration event '{urn}'.");
}

using System.Reflection;
using Platform.Contracts;

namespace Platform.ServiceDefaults.Messaging.Outbox;

/// <summary>
/// The event types an outbox may hold, by full name. Only contract types are ever instantiated from a stored
/// name; anything else is refused.
/// </summary>
public sealed class OutboxEventTypes(IReadOnlyDictionary<string, Type> types)
{
    public static OutboxEventTypes FromAssembly(Assembly assembly) => new(assembly.GetExportedTypes()
        .Where(type => type is { IsClass: true, IsAbstract: false } && typeof(IIntegrationEvent).IsAssignableFrom(type))
        .ToDictionary(type => type.FullName!, StringComparer.Ordinal));

    public Type Resolve(string name) => types.TryGetValue(name, out var type)
        ? type
        : throw new InvalidOperationException($"Outbox holds an event of unknown type '{name}'; it stays pending until a build that knows it runs.");
}

namespace Platform.EndToEnd.Tests;

/// <summary>
/// End-to-end tests run one at a time: the trace test listens to every activity of the process and must see only
/// the requests it made.
/// </summary>
[CollectionDefinition(Name)]
public sealed class EndToEndCollection
{
    public const string Name = "end-to-end";
}

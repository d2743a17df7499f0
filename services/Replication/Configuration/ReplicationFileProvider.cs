using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using static Platform.Replication.Configuration.ReplicationFileSchema;

namespace Platform.Replication.Configuration;

/// <summary>
/// Maps the replication YAML file onto <c>Replication:*</c> keys. It never throws: what is wrong with the file (syntax,
/// unknown keys, wrong shapes, unset <c>${VAR}</c>) is written under <see cref="ProblemsKey"/> and
/// <see cref="VariablesKey"/>, and reported at start with the rest of the section's problems.
/// </summary>
public sealed partial class ReplicationFileProvider(string path, Func<string, string?> environment) : ConfigurationProvider
{
    public const string ProblemsKey = "Replication:ConfigFileProblems";

    /// <summary><c>{index}:Key</c>, <c>:Variable</c>, <c>:Location</c>: a value that referenced an unset environment variable.</summary>
    public const string VariablesKey = "Replication:ConfigFileVariables";

    [GeneratedRegex(@"\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex Variable();

    /// <summary>
    /// <c>${NAME}</c> as it stands in the text while YAML parses it: braces are flow indicators, so
    /// <c>s3: { accessKey: ${KEY} }</c> would not parse. The marker has the same length, so line and column stay right.
    /// </summary>
    [GeneratedRegex("\u00a4\u00a4(?<name>[A-Za-z_][A-Za-z0-9_]*)\u00a4")]
    private static partial Regex Marker();

    private Dictionary<string, string?> values = new(StringComparer.OrdinalIgnoreCase);
    private int problems;
    private int variables;

    public override void Load()
    {
        values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        problems = 0;
        variables = 0;
        if (!File.Exists(path))
        {
            Problem($"Replication:ConfigFile names '{path}', which does not exist.");
        }
        else
        {
            try
            {
                var text = Variable().Replace(File.ReadAllText(path), match => $"\u00a4\u00a4{match.Groups["name"].Value}\u00a4");
                var stream = new YamlStream();
                stream.Load(new StringReader(text));

                if (stream.Documents.Count > 0 && stream.Documents[0].RootNode is not YamlScalarNode { Value: null or "" })
                {
                    Walk(stream.Documents[0].RootNode, Root, ReplicationOptions.Section, "");
                }
            }
            catch (YamlException exception)
            {
                Problem($"{path}({exception.Start.Line},{exception.Start.Column}): {Inner(exception).Message}");
            }
        }

        Data = values;
    }

    private static Exception Inner(YamlException exception) =>
        exception.InnerException is YamlException inner ? Inner(inner) : exception.InnerException ?? exception;

    private void Walk(YamlNode node, Shape shape, string key, string yamlPath)
    {
        switch (shape)
        {
            case Value when node is YamlScalarNode scalar:
                Set(key, scalar);
                break;
            case Values when node is YamlSequenceNode sequence:
                for (var i = 0; i < sequence.Children.Count; i++)
                {
                    Walk(sequence.Children[i], new Value(""), $"{key}:{i}", $"{yamlPath}[{i}]");
                }

                break;
            case Section section when node is YamlMappingNode mapping:
                WalkFields(mapping, section.Fields, key, yamlPath);
                break;
            case Items items when node is YamlSequenceNode sequence:
                for (var i = 0; i < sequence.Children.Count; i++)
                {
                    if (sequence.Children[i] is YamlMappingNode item)
                    {
                        WalkFields(item, items.Fields, $"{key}:{i}", $"{yamlPath}[{i}]");
                    }
                    else
                    {
                        Problem($"{Where(sequence.Children[i])}: {yamlPath}[{i}] ({key}:{i}) must be a mapping.");
                    }
                }

                break;
            default:
                var expected = shape switch { Value => "a single value", Section => "a mapping", _ => "a list" };
                Problem($"{Where(node)}: {(yamlPath.Length == 0 ? "the file" : yamlPath)} ({key}) must be {expected}.");
                break;
        }
    }

    private void WalkFields(YamlMappingNode mapping, IReadOnlyDictionary<string, Shape> fields, string key, string yamlPath)
    {
        foreach (var (name, child) in mapping.Children)
        {
            var yamlName = (name as YamlScalarNode)?.Value ?? name.ToString();
            var childPath = yamlPath.Length == 0 ? yamlName : $"{yamlPath}.{yamlName}";
            if (!fields.TryGetValue(yamlName, out var shape))
            {
                Problem($"{Where(name)}: unknown key '{childPath}' (under {key}).");
                continue;
            }

            var childKey = shape.Key.Length == 0 ? key : $"{key}:{shape.Key}";
            Walk(child, shape, childKey, childPath);
        }
    }

    private void Set(string key, YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style is ScalarStyle.SingleQuoted)
        {
            // Single quotes are YAML's literal strings: no ${VAR} expansion, so a secret may contain "${".
            values[key] = Marker().Replace(text, match => $"${{{match.Groups["name"].Value}}}");
            return;
        }

        var missing = Marker().Matches(text).Select(match => match.Groups["name"].Value)
            .Where(name => environment(name) is null).Distinct().ToList();
        if (missing.Count > 0)
        {
            foreach (var name in missing)
            {
                var prefix = $"{VariablesKey}:{variables++}";
                values[$"{prefix}:Key"] = key;
                values[$"{prefix}:Variable"] = name;
                values[$"{prefix}:Location"] = Where(scalar);
            }

            return;
        }

        values[key] = Marker().Replace(text, match => environment(match.Groups["name"].Value)!);
    }

    private string Where(YamlNode node) => $"{path}({node.Start.Line},{node.Start.Column})";

    private void Problem(string message) => values[$"{ProblemsKey}:{problems++}"] = message;
}

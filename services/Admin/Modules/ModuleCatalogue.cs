namespace Platform.Admin.Modules;

/// <summary>The modules offered, and the rules an account's set of enabled modules follows.</summary>
public sealed class ModuleCatalogue(IReadOnlyList<Module> modules)
{
    private readonly Dictionary<string, Module> bySlug = modules.ToDictionary(module => module.Slug, StringComparer.Ordinal);

    public IReadOnlyList<Module> All => modules;

    public Module? Find(string slug) => bySlug.GetValueOrDefault(slug);

    /// <summary>
    /// Why <paramref name="requested"/> cannot be an account's modules, one message per problem naming the module; empty
    /// when it can. A module newly enabled must exist and be active; one the account already had stays even if it was
    /// deactivated since. Every module's requirements must be in the set.
    /// </summary>
    public IReadOnlyList<string> ProblemsEnabling(IReadOnlyList<string> requested, IReadOnlyCollection<string> alreadyEnabled)
    {
        var problems = new List<string>();
        var set = requested.ToHashSet(StringComparer.Ordinal);
        foreach (var slug in requested)
        {
            var module = Find(slug);
            if (module is null)
            {
                problems.Add($"Unknown module '{slug}'.");
                continue;
            }

            if (!module.Active && !alreadyEnabled.Contains(slug))
            {
                problems.Add($"Module '{slug}' is not available.");
            }

            problems.AddRange(module.Requires.Where(required => !set.Contains(required))
                .Select(required => $"Module '{slug}' requires module '{required}'."));
        }

        return problems;
    }

    /// <summary>Why <paramref name="requires"/> cannot be the requirements of <paramref name="slug"/>; null when it can.</summary>
    public string? RequirementsProblem(string slug, IReadOnlyList<string> requires)
    {
        if (requires.FirstOrDefault(required => required == slug || Find(required) is null) is { } wrong)
        {
            return wrong == slug ? $"Module '{slug}' cannot require itself." : $"Unknown module '{wrong}'.";
        }

        // Walk the requirements as they would be after the change: reaching the module again is a cycle.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(requires);
        while (pending.TryPop(out var current))
        {
            if (current == slug)
            {
                return $"Module '{slug}' would require itself through its requirements.";
            }

            if (seen.Add(current) && Find(current) is { } module)
            {
                foreach (var next in module.Requires)
                {
                    pending.Push(next);
                }
            }
        }

        return null;
    }
}

using Platform.ServiceDefaults.Persistence;

namespace Platform.Admin.Modules;

public static class ModuleRules
{
    public const int MaxNameLength = 100;
    public const int MaxDescriptionLength = 500;
    public const int MaxRequires = 10;

    public static bool TryCreate(CreateModuleRequest request, ModuleCatalogue catalogue, DateTimeOffset now, out Module module, out Dictionary<string, string[]> errors)
    {
        errors = [];
        var slugs = Slugs.Normalise(request.Slug is null ? [] : [request.Slug]);
        if (slugs is not [var slug])
        {
            errors["slug"] = ["A slug (lowercase letters, digits and dashes) is required."];
            slug = "";
        }

        var name = Name(request.Name, errors);
        var description = Description(request.Description, errors);
        var requires = Requires(slug, request.Requires, catalogue, errors);
        var at = PostgresTime.Truncate(now);
        module = errors.Count == 0 ? new Module(slug, name!, description!, requires!, Active: true, 1, at, at) : null!;
        return errors.Count == 0;
    }

    public static Dictionary<string, string[]> Apply(UpdateModuleRequest request, ModuleCatalogue catalogue, DateTimeOffset now, ref Module module)
    {
        var errors = new Dictionary<string, string[]>();
        var name = request.Name is null ? module.Name : Name(request.Name, errors);
        var description = request.Description is null ? module.Description : Description(request.Description, errors);
        var requires = request.Requires is null ? module.Requires : Requires(module.Slug, request.Requires, catalogue, errors);
        if (errors.Count == 0)
        {
            module = module with
            {
                Name = name!,
                Description = description!,
                Requires = requires!,
                Active = request.Active ?? module.Active,
                Version = module.Version + 1,
                UpdatedAt = PostgresTime.Truncate(now),
            };
        }

        return errors;
    }

    private static string? Name(string? value, Dictionary<string, string[]> errors)
    {
        var name = value?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength)
        {
            errors["name"] = [$"A name of 1 to {MaxNameLength} characters is required."];
        }

        return name;
    }

    private static string? Description(string? value, Dictionary<string, string[]> errors)
    {
        var description = value?.Trim() ?? "";
        if (description.Length > MaxDescriptionLength)
        {
            errors["description"] = [$"A description has at most {MaxDescriptionLength} characters."];
        }

        return description;
    }

    private static IReadOnlyList<string>? Requires(string slug, IReadOnlyList<string>? value, ModuleCatalogue catalogue, Dictionary<string, string[]> errors)
    {
        var requires = Slugs.Normalise(value);
        if (requires is null || requires.Count > MaxRequires)
        {
            errors["requires"] = [$"At most {MaxRequires} required modules, each a module's slug."];
        }
        else if (catalogue.RequirementsProblem(slug, requires) is { } problem)
        {
            errors["requires"] = [problem];
        }

        return requires;
    }
}

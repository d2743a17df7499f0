using System.Text.Json;
using Platform.Admin.Modules;
using Platform.Admin.Settings;
using Platform.ServiceDefaults.Persistence;

namespace Platform.Admin.Templates;

public static class TemplateRules
{
    public const int MaxNameLength = 100;
    public const int MaxDescriptionLength = 500;
    public const int MaxModules = 30;
    public const int MaxSampleCategories = 50;
    public const int MaxCategoryLength = 100;

    public static bool TryCreate(CreateTemplateRequest request, ModuleCatalogue catalogue, DateTimeOffset now, out ShopTemplate template, out Dictionary<string, string[]> errors)
    {
        errors = [];
        var slugs = Slugs.Normalise(request.Slug is null ? [] : [request.Slug]);
        if (slugs is not [var slug])
        {
            errors["slug"] = ["A slug (lowercase letters, digits and dashes) is required."];
            slug = "";
        }

        var name = Text(request.Name, MaxNameLength, required: true, "name", errors);
        var description = Text(request.Description, MaxDescriptionLength, required: false, "description", errors);
        var modules = Modules(request.Modules, catalogue, errors);
        var settings = Settings(request.Settings ?? [], modules, errors);
        var categories = Categories(request.SampleCategories, errors);
        var at = PostgresTime.Truncate(now);
        template = errors.Count == 0
            ? new ShopTemplate(slug, name!, description!, modules!, settings, categories!, Active: true, 1, at, at)
            : null!;
        return errors.Count == 0;
    }

    public static Dictionary<string, string[]> Apply(UpdateTemplateRequest request, ModuleCatalogue catalogue, DateTimeOffset now, ref ShopTemplate template)
    {
        var errors = new Dictionary<string, string[]>();
        var name = request.Name is null ? template.Name : Text(request.Name, MaxNameLength, required: true, "name", errors);
        var description = request.Description is null ? template.Description : Text(request.Description, MaxDescriptionLength, required: false, "description", errors);
        var modules = request.Modules is null ? template.Modules : Modules(request.Modules, catalogue, errors);

        // Settings are checked against the modules the template will have, whichever of the two changed.
        var settings = Settings(request.Settings ?? template.Settings.ToDictionary(), modules, errors);
        var categories = request.SampleCategories is null ? template.SampleCategories : Categories(request.SampleCategories, errors);
        if (errors.Count == 0)
        {
            template = template with
            {
                Name = name!,
                Description = description!,
                Modules = modules!,
                Settings = settings,
                SampleCategories = categories!,
                Active = request.Active ?? template.Active,
                Version = template.Version + 1,
                UpdatedAt = PostgresTime.Truncate(now),
            };
        }

        return errors;
    }

    private static string? Text(string? value, int maxLength, bool required, string field, Dictionary<string, string[]> errors)
    {
        var text = value?.Trim() ?? "";
        if ((required && text.Length == 0) || text.Length > maxLength)
        {
            errors[field] = [required ? $"A {field} of 1 to {maxLength} characters is required." : $"A {field} has at most {maxLength} characters."];
        }

        return text;
    }

    /// <summary>A template enables what an account could enable: active modules with their requirements.</summary>
    private static IReadOnlyList<string>? Modules(IReadOnlyList<string>? value, ModuleCatalogue catalogue, Dictionary<string, string[]> errors)
    {
        var modules = Slugs.Normalise(value);
        if (modules is null || modules.Count == 0 || modules.Count > MaxModules)
        {
            errors["modules"] = [$"1 to {MaxModules} modules, each a module's slug."];
            return null;
        }

        if (catalogue.ProblemsEnabling(modules, []) is { Count: > 0 } problems)
        {
            errors["modules"] = [.. problems];
        }

        return modules;
    }

    private static Dictionary<string, Dictionary<string, JsonElement>> Settings(
        Dictionary<string, Dictionary<string, JsonElement>> value, IReadOnlyList<string>? modules, Dictionary<string, string[]> errors)
    {
        var problems = new List<string>();
        foreach (var (module, keys) in value)
        {
            if (modules is not null && !modules.Contains(module))
            {
                problems.Add($"Settings for module '{module}', which the template does not enable.");
                continue;
            }

            if (keys is null || keys.Count > SettingRules.MaxKeysPerModule)
            {
                problems.Add($"Module '{module}' has 0 to {SettingRules.MaxKeysPerModule} settings.");
                continue;
            }

            foreach (var (key, setting) in keys)
            {
                var found = new Dictionary<string, string[]>();
                SettingRules.Key(key, found);
                SettingRules.Value(setting, found);
                problems.AddRange(found.Values.SelectMany(messages => messages).Select(message => $"{module}/{key}: {message}"));
            }
        }

        if (problems.Count > 0)
        {
            errors["settings"] = [.. problems];
        }

        return value;
    }

    private static IReadOnlyList<string>? Categories(IReadOnlyList<string>? value, Dictionary<string, string[]> errors)
    {
        var categories = (value ?? []).Select(category => category?.Trim() ?? "").Distinct(StringComparer.Ordinal).ToList();
        if (categories.Count > MaxSampleCategories || categories.Any(category => category.Length is 0 or > MaxCategoryLength))
        {
            errors["sampleCategories"] = [$"At most {MaxSampleCategories} category names of 1 to {MaxCategoryLength} characters."];
        }

        return categories;
    }
}

namespace Platform.Admin.Accounts;

public sealed record CreateAccountRequest(
    string? CompanyName,
    string? Cnpj,
    string? ContactEmail,
    Guid? PlanId,
    IReadOnlyList<string>? Modules,
    DatabaseType? DatabaseType,
    string? Template = null);

/// <summary>Only the fields present change.</summary>
public sealed record UpdateAccountRequest(
    string? CompanyName,
    string? ContactEmail,
    Guid? PlanId,
    IReadOnlyList<string>? Modules);

public sealed record StatusChangeRequest(string? Reason);

/// <summary>A validated, normalised account draft.</summary>
public sealed record NewAccount(
    string CompanyName,
    Cnpj Cnpj,
    string ContactEmail,
    Guid PlanId,
    IReadOnlyList<string> Modules,
    DatabaseType DatabaseType);

public static class AccountRules
{
    public const int MaxCompanyNameLength = 200;
    public const int MaxModules = 30;
    public const int MaxReasonLength = 500;

    public static bool TryCreate(CreateAccountRequest request, out NewAccount account, out Dictionary<string, string[]> errors)
    {
        errors = [];
        var companyName = CompanyName(request.CompanyName, errors);
        if (!Accounts.Cnpj.TryParse(request.Cnpj, out var cnpj))
        {
            errors["cnpj"] = ["A valid CNPJ is required (14 characters with correct check digits; the alphanumeric form is accepted)."];
        }

        var email = Email(request.ContactEmail, errors);
        if (request.PlanId is null || request.PlanId == Guid.Empty)
        {
            errors["planId"] = ["A plan is required."];
        }

        var modules = Modules(request.Modules, errors);
        if (request.DatabaseType is null)
        {
            errors["databaseType"] = ["A database type (postgres or sqlite) is required."];
        }

        account = errors.Count == 0
            ? new NewAccount(companyName!, cnpj, email!, request.PlanId!.Value, modules!, request.DatabaseType!.Value)
            : null!;
        return errors.Count == 0;
    }

    /// <summary>Applies the present fields of an update; returns the errors when any is not acceptable.</summary>
    public static Dictionary<string, string[]> Apply(UpdateAccountRequest request, ref Account account)
    {
        var errors = new Dictionary<string, string[]>();
        var companyName = request.CompanyName is null ? account.CompanyName : CompanyName(request.CompanyName, errors);
        var email = request.ContactEmail is null ? account.ContactEmail : Email(request.ContactEmail, errors);
        var modules = request.Modules is null ? account.Modules : Modules(request.Modules, errors);
        if (request.PlanId == Guid.Empty)
        {
            errors["planId"] = ["A plan id cannot be empty."];
        }

        if (errors.Count == 0)
        {
            account = account with { CompanyName = companyName!, ContactEmail = email!, Modules = modules!, PlanId = request.PlanId ?? account.PlanId };
        }

        return errors;
    }

    public static Dictionary<string, string[]> ValidateReason(string? reason) => reason?.Length > MaxReasonLength
        ? new() { ["reason"] = [$"A reason has at most {MaxReasonLength} characters."] }
        : [];

    private static string? CompanyName(string? value, Dictionary<string, string[]> errors)
    {
        var name = value?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > MaxCompanyNameLength)
        {
            errors["companyName"] = [$"A company name of 1 to {MaxCompanyNameLength} characters is required."];
        }

        return name;
    }

    private static string? Email(string? value, Dictionary<string, string[]> errors)
    {
        var email = Users.UserRules.NormaliseEmail(value);
        if (email is null)
        {
            errors["contactEmail"] = ["A valid e-mail address is required."];
        }

        return email;
    }

    private static IReadOnlyList<string>? Modules(IReadOnlyList<string>? value, Dictionary<string, string[]> errors)
    {
        var modules = Slugs.Normalise(value);
        if (modules is null || modules.Count > MaxModules)
        {
            errors["modules"] = [$"At most {MaxModules} modules, each a lowercase slug such as 'inventory'."];
        }

        return modules;
    }
}

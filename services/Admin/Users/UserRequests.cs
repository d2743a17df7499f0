using System.Net.Mail;

namespace Platform.Admin.Users;

public sealed record CreateUserRequest(string? Email, string? Name, string? Cpf, string? Password, IReadOnlyList<string>? Roles);

public sealed record ChangeRolesRequest(IReadOnlyList<string>? Roles);

public static class UserRules
{
    public const int MinPasswordLength = 10;
    public const int MaxPasswordLength = 128;
    public const int MaxNameLength = 200;

    public static bool TryCreate(CreateUserRequest request, out (string Email, string Name, Cpf Cpf, string Password, IReadOnlyList<string> Roles) user, out Dictionary<string, string[]> errors)
    {
        errors = [];
        var email = NormaliseEmail(request.Email);
        if (email is null)
        {
            errors["email"] = ["A valid e-mail address is required."];
        }

        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength)
        {
            errors["name"] = [$"A name of 1 to {MaxNameLength} characters is required."];
        }

        if (!Users.Cpf.TryParse(request.Cpf, out var cpf))
        {
            errors["cpf"] = ["A valid CPF is required (11 digits with correct check digits)."];
        }

        if (PasswordProblem(request.Password, email) is { } problem)
        {
            errors["password"] = [problem];
        }

        var roles = ValidateAccountRoles(request.Roles, errors);
        user = errors.Count == 0 ? (email!, name!, cpf, request.Password!, roles!) : default;
        return errors.Count == 0;
    }

    public static IReadOnlyList<string>? ValidateAccountRoles(IReadOnlyList<string>? requested, Dictionary<string, string[]> errors)
    {
        var roles = (requested ?? []).Select(role => role?.Trim().ToLowerInvariant() ?? "").Distinct(StringComparer.Ordinal).ToList();
        if (roles.Count == 0 || !roles.All(Roles.AccountRoles.Contains))
        {
            errors["roles"] = ["One or more of the roles owner, admin and staff."];
            return null;
        }

        return roles;
    }

    public static string? NormaliseEmail(string? value)
    {
        var email = value?.Trim().ToLowerInvariant();
        return email is { Length: <= 254 } && MailAddress.TryCreate(email, out var parsed) && parsed.Address == email && parsed.Host.Contains('.')
            ? email
            : null;
    }

    public static string? PasswordProblem(string? password, string? email) => password switch
    {
        null or { Length: < MinPasswordLength } => $"A password has at least {MinPasswordLength} characters.",
        { Length: > MaxPasswordLength } => $"A password has at most {MaxPasswordLength} characters.",
        _ when email is not null && password.Contains(email.Split('@')[0], StringComparison.OrdinalIgnoreCase) => "A password must not contain the e-mail's name.",
        _ => null,
    };
}

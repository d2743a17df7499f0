using System.Text.Json;
using Platform.Catalog.Products;

namespace Platform.Catalog.Customers;

public sealed record CreateCustomerRequest(string? Name, string? Email, string? Phone, string? Document, JsonElement? Address, string? Notes);

/// <summary>A validated new customer: trimmed, e-mail in lower case, CPF as its digits, address as compact JSON.</summary>
public sealed record NewCustomer(string Name, string Email, string? Phone, string? Document, string? Address, string? Notes)
{
    public static bool TryCreate(CreateCustomerRequest request, out NewCustomer customer, out Dictionary<string, string[]> errors)
    {
        errors = [];
        var name = CustomerRules.Name(request.Name, errors);
        var email = CustomerRules.Email(request.Email, errors);
        var phone = CustomerRules.Phone(request.Phone, errors);
        var document = CustomerRules.Document(request.Document, errors);
        var address = CustomerRules.Address(request.Address, errors);
        var notes = CustomerRules.Notes(request.Notes, errors);
        customer = errors.Count == 0 ? new NewCustomer(name!, email!, phone, document, address, notes) : null!;
        return errors.Count == 0;
    }
}

/// <summary>
/// A validated JSON merge patch of a customer: only the fields sent change. <c>phone</c>, <c>document</c>,
/// <c>address</c> and <c>notes</c> may be sent as null to clear them; <c>name</c> and <c>email</c> cannot.
/// </summary>
public sealed record CustomerChanges(string? Name, string? Email, Set<string?>? Phone, Set<string?>? Document, Set<string?>? Address, Set<string?>? Notes)
{
    private sealed record Body(string? Name, string? Email, string? Phone, string? Document, JsonElement? Address, string? Notes);

    public static bool TryRead(JsonElement patch, out CustomerChanges changes, out Dictionary<string, string[]> errors)
    {
        errors = [];
        changes = null!;
        if (!JsonPatchFields.TryRead<Body>(patch, errors, out var body, out var sent))
        {
            return false;
        }

        var name = sent.ContainsKey("name") ? CustomerRules.Name(body.Name, errors) : null;
        var email = sent.ContainsKey("email") ? CustomerRules.Email(body.Email, errors) : null;
        var phone = sent.ContainsKey("phone") ? new Set<string?>(CustomerRules.Phone(body.Phone, errors)) : null;
        var document = sent.ContainsKey("document") ? new Set<string?>(CustomerRules.Document(body.Document, errors)) : null;
        var address = sent.ContainsKey("address") ? new Set<string?>(CustomerRules.Address(body.Address, errors)) : null;
        var notes = sent.ContainsKey("notes") ? new Set<string?>(CustomerRules.Notes(body.Notes, errors)) : null;
        changes = new CustomerChanges(name, email, phone, document, address, notes);
        return errors.Count == 0;
    }
}

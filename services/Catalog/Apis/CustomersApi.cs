using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Catalog.Auth;
using Platform.Catalog.Customers;
using Platform.ServiceDefaults.Http;
using Platform.ServiceDefaults.Redis;
using Platform.ServiceDefaults.Tenancy;

namespace Platform.Catalog.Apis;

public static class CustomersApi
{
    /// <summary>A customer at its largest (address, notes) with room to spare.</summary>
    private const long MaxBodyBytes = 16 * 1024;

    public static IEndpointRouteBuilder MapCustomersApi(this IEndpointRouteBuilder app)
    {
        var customers = app.MapGroup("/api/customers").WithTags("Customers").RequireAuthorization().RequireRateLimit();

        customers.MapPost("/", CreateCustomer)
            .RequireAuthorization(CatalogRoles.WritePolicy)
            .WithMetadata(new BodySizeLimit(MaxBodyBytes))
            .WithName("CreateCustomer")
            .WithSummary("Add a customer to the shop (owners and admins)")
            .WithDescription("The e-mail address is kept in lower case and is unique among the shop's customers (409 when taken); document is " +
                "an optional CPF with valid check digits, address an optional JSON object. Publishes CustomerCreated.");

        customers.MapGet("/", ListCustomers)
            .WithName("ListCustomers")
            .WithSummary("A page of the shop's customers in name order")
            .WithDescription("q: the name (ignoring case and accents) or the e-mail address contains the text. " +
                $"page from 1, pageSize 1 to {CustomerQuery.MaxPageSize} (default {CustomerQuery.DefaultPageSize}); total counts every match.");

        customers.MapGet("/{customerId:guid}", GetCustomer)
            .WithName("GetCustomer")
            .WithSummary("Read one of the shop's customers; its ETag is its version");

        customers.MapPatch("/{customerId:guid}", UpdateCustomer)
            .RequireAuthorization(CatalogRoles.WritePolicy)
            .WithMetadata(new BodySizeLimit(MaxBodyBytes))
            .WithName("UpdateCustomer")
            .WithSummary("Change some of a customer's fields, a JSON merge patch (owners and admins)")
            .WithDescription("phone, document, address and notes may be sent as null to clear them. If-Match with the customer's ETag refuses " +
                "a lost update with a 412; an anonymised customer cannot change (409). Publishes CustomerUpdated.");

        customers.MapPost("/{customerId:guid}/anonymise", AnonymiseCustomer)
            .RequireAuthorization(CatalogRoles.WritePolicy)
            .WithName("AnonymiseCustomer")
            .WithSummary("Forget a customer's personal data for good (owners and admins)")
            .WithDescription("In one transaction: the name becomes 'Anonymised customer', every other personal field is cleared, the customer's " +
                "orders stop naming them (their numbers, items and totals stay), and the customer's earlier events still in the outbox lose " +
                "their personal data. Publishes CustomerAnonymised, which carries none. Idempotent: an anonymised customer is returned " +
                "unchanged (200). Its e-mail address is free for a new customer.");

        return app;
    }

    public static async Task<Results<Created<CustomerResponse>, ValidationProblem, ProblemHttpResult>> CreateCustomer(
        CurrentTenant tenant, CreateCustomerRequest request, HttpResponse response, CustomerService customers, CancellationToken cancellationToken)
    {
        if (!NewCustomer.TryCreate(request, out var draft, out var errors))
        {
            return OutcomeResults.Invalid(errors, "The customer is not valid.");
        }

        var outcome = await customers.CreateAsync(tenant.Id, draft, cancellationToken);
        if (outcome is not Outcome<Customer>.Success(var customer))
        {
            return OutcomeResults.Problem(outcome, "customer");
        }

        response.Headers.ETag = IfMatch.ETag(customer.Version);
        return TypedResults.Created($"/api/customers/{customer.Id}", CustomerResponse.From(customer));
    }

    public static async Task<Results<Ok<CustomerPageResponse>, ValidationProblem>> ListCustomers(
        CurrentTenant tenant, CustomerService customers, CancellationToken cancellationToken, int? page = null, int? pageSize = null, string? q = null)
    {
        if (!CustomerQuery.TryCreate(page, pageSize, q, out var query, out var errors))
        {
            return OutcomeResults.Invalid(errors, "The customer query is not valid.");
        }

        var found = await customers.ListAsync(tenant.Id, query, cancellationToken);
        return TypedResults.Ok(new CustomerPageResponse(found.Items.Select(CustomerResponse.From).ToList(), query.Page, query.PageSize, found.Total));
    }

    public static async Task<Results<Ok<CustomerResponse>, ProblemHttpResult>> GetCustomer(
        CurrentTenant tenant, Guid customerId, HttpResponse response, CustomerService customers, CancellationToken cancellationToken)
    {
        var customer = await customers.FindAsync(tenant.Id, customerId, cancellationToken);
        if (customer is null)
        {
            return OutcomeResults.NotFound("customer");
        }

        response.Headers.ETag = IfMatch.ETag(customer.Version);
        return TypedResults.Ok(CustomerResponse.From(customer));
    }

    public static async Task<Results<Ok<CustomerResponse>, ValidationProblem, ProblemHttpResult>> UpdateCustomer(
        CurrentTenant tenant, Guid customerId, JsonElement patch, HttpContext http, CustomerService customers, CancellationToken cancellationToken)
    {
        if (!IfMatch.TryParse(http.Request.Headers.IfMatch, out var ifMatch))
        {
            return OutcomeResults.InvalidIfMatch();
        }

        if (!CustomerChanges.TryRead(patch, out var changes, out var errors))
        {
            return OutcomeResults.Invalid(errors, "The change is not valid.");
        }

        return Answer(await customers.UpdateAsync(tenant.Id, customerId, changes, ifMatch, cancellationToken), http.Response);
    }

    public static async Task<Results<Ok<CustomerResponse>, ValidationProblem, ProblemHttpResult>> AnonymiseCustomer(
        CurrentTenant tenant, Guid customerId, HttpContext http, CustomerService customers, CancellationToken cancellationToken)
    {
        if (!IfMatch.TryParse(http.Request.Headers.IfMatch, out var ifMatch))
        {
            return OutcomeResults.InvalidIfMatch();
        }

        return Answer(await customers.AnonymiseAsync(tenant.Id, customerId, ifMatch, cancellationToken), http.Response);
    }

    private static Results<Ok<CustomerResponse>, ValidationProblem, ProblemHttpResult> Answer(Outcome<Customer> outcome, HttpResponse response)
    {
        if (outcome is not Outcome<Customer>.Success(var customer))
        {
            return OutcomeResults.Problem(outcome, "customer");
        }

        response.Headers.ETag = IfMatch.ETag(customer.Version);
        return TypedResults.Ok(CustomerResponse.From(customer));
    }
}

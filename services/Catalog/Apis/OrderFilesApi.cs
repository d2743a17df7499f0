using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Catalog.Files;
using Platform.ServiceDefaults.Http;
using Platform.ServiceDefaults.Redis;
using Platform.ServiceDefaults.Tenancy;

namespace Platform.Catalog.Apis;

/// <summary>A service order's files: the customer's attachments and the invoice. Every user of the shop may use them, as orders.</summary>
public static class OrderFilesApi
{
    public const long MaxBodyBytes = 4 * 1024;

    public static IEndpointRouteBuilder MapOrderFilesApi(this IEndpointRouteBuilder app)
    {
        var order = app.MapGroup("/api/orders/{orderId:guid}").WithTags("Orders").RequireAuthorization().RequireRateLimit();

        order.MapPost("/attachments/uploads", IssueUpload)
            .WithMetadata(new BodySizeLimit(MaxBodyBytes))
            .WithName("IssueOrderAttachmentUpload")
            .WithSummary("A presigned URL to upload one of the customer's files for the order straight to private storage")
            .WithDescription($"Content types: {string.Join(", ", UploadKind.OrderAttachment.ExtensionOf.Keys)}; at most " +
                $"{UploadKind.OrderAttachment.MaxBytes} bytes. PUT the file with the headers given within 10 minutes, then confirm the key.");
        order.MapPost("/attachments/confirm", Confirm)
            .WithMetadata(new BodySizeLimit(MaxBodyBytes))
            .WithName("ConfirmOrderAttachment")
            .WithSummary("Record an uploaded file as the order's attachment, under the file name given");
        order.MapGet("/attachments", List)
            .WithName("ListOrderAttachments")
            .WithSummary("The order's attachments, oldest first, each with a download URL valid for 5 minutes");
        order.MapGet("/invoice", Invoice)
            .WithName("GetOrderInvoice")
            .WithSummary("A download URL, valid for 5 minutes, of the invoice generated when the order was confirmed")
            .WithDescription("404 while the order has no invoice: it is pending, or its confirmation is still being processed.");
        return app;
    }

    public static async Task<Results<Ok<UploadResponse>, ValidationProblem, ProblemHttpResult>> IssueUpload(
        CurrentTenant tenant, Guid orderId, UploadRequest request, OrderFileService files, CancellationToken cancellationToken) =>
        await files.IssueUploadAsync(tenant.Id, orderId, request, cancellationToken) switch
        {
            Outcome<IssuedUpload>.Success(var issued) => TypedResults.Ok(UploadResponse.From(issued)),
            Outcome<IssuedUpload>.Invalid(var errors) => OutcomeResults.Invalid(errors, "The upload is not acceptable."),
            var other => OutcomeResults.Problem(other, "order"),
        };

    public static async Task<Results<Ok<AttachmentResponse>, ValidationProblem, ProblemHttpResult>> Confirm(
        CurrentTenant tenant, Guid orderId, ConfirmAttachmentRequest request, OrderFileService files, CancellationToken cancellationToken) =>
        await files.ConfirmAsync(tenant.Id, orderId, request.Key, request.FileName, cancellationToken) switch
        {
            Outcome<OrderAttachment>.Success(var attachment) => TypedResults.Ok(Response(attachment, files)),
            Outcome<OrderAttachment>.Invalid(var errors) => OutcomeResults.Invalid(errors, "The attachment cannot be recorded."),
            var other => OutcomeResults.Problem(other, "order"),
        };

    public static async Task<Results<Ok<AttachmentListResponse>, ProblemHttpResult>> List(
        CurrentTenant tenant, Guid orderId, OrderFileService files, CancellationToken cancellationToken) =>
        await files.ListAsync(tenant.Id, orderId, cancellationToken) is { } attachments
            ? TypedResults.Ok(new AttachmentListResponse(attachments.Select(attachment => Response(attachment, files)).ToList()))
            : OutcomeResults.NotFound("order");

    public static async Task<Results<Ok<InvoiceResponse>, ProblemHttpResult>> Invoice(
        CurrentTenant tenant, Guid orderId, OrderFileService files, CancellationToken cancellationToken) =>
        await files.FindInvoiceAsync(tenant.Id, orderId, cancellationToken) switch
        {
            Outcome<(Invoice Invoice, ServiceDefaults.ObjectStorage.PresignedDownload Download)?>.Success({ } found) => TypedResults.Ok(new InvoiceResponse(
                found.Invoice.OrderId, found.Invoice.ContentType, found.Invoice.Size, found.Invoice.CreatedAt, found.Download.Url, found.Download.ExpiresAt)),
            Outcome<(Invoice Invoice, ServiceDefaults.ObjectStorage.PresignedDownload Download)?>.Success => TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound, type: ProblemTypes.NotFound, title: "The order has no invoice yet.",
                detail: "An invoice is generated once the order is confirmed; a confirmed order's appears within moments."),
            _ => OutcomeResults.NotFound("order"),
        };

    private static AttachmentResponse Response(OrderAttachment attachment, OrderFileService files)
    {
        var download = files.Download(attachment);
        return new AttachmentResponse(attachment.Id, attachment.Key, attachment.FileName, attachment.ContentType, attachment.Size, attachment.CreatedAt,
            download.Url, download.ExpiresAt);
    }
}

using Microsoft.AspNetCore.Http.Metadata;

namespace Platform.Catalog.Apis;

/// <summary>The request body limit the server enforces for an endpoint (Kestrel reads it from the endpoint's metadata).</summary>
public sealed record BodySizeLimit(long? MaxRequestBodySize) : IRequestSizeLimitMetadata;

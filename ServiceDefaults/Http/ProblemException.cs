using Microsoft.AspNetCore.Http;

namespace Platform.ServiceDefaults.Http;

/// <summary>
/// A request the service refuses for a reason found deep in its work (the tenant is suspended, its store is not
/// ready): thrown where it is found, answered as the 4xx problem it describes.
/// </summary>
public class ProblemException(int statusCode, string type, string title, string detail)
    : BadHttpRequestException(detail, statusCode)
{
    public string Type { get; } = type;

    public string Title { get; } = title;
}

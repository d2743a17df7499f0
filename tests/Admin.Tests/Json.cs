using System.Text.Json;
using System.Text.Json.Serialization;

namespace Platform.Admin.Tests;

/// <summary>Reads responses the way the services write them (camelCase, enums as strings).</summary>
public static class Json
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };
}

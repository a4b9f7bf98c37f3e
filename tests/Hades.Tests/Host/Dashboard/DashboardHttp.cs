using System.Net;
using System.Text.Json;

namespace Hades.Tests.Host.Dashboard;

/// <summary>Reading the dashboard's JSON endpoints in tests.</summary>
static class DashboardHttp
{
    /// <summary>GETs <paramref name="path"/>, checks it answered 200 with JSON, and parses it.</summary>
    public static async Task<JsonElement> GetJsonAsync(this HttpClient http, string path)
    {
        var response = await http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }
}

using System.Collections.Frozen;
using System.Reflection;
using Microsoft.AspNetCore.Http;

namespace Hades.Host.Dashboard;

/// <summary>
/// The dashboard's pages, script and style: the files of <c>Dashboard/wwwroot/</c>, embedded in the assembly
/// (<c>EmbeddedResource</c> named <c>dashboard/FILE</c>) and served from memory, so the binary alone serves them.
/// </summary>
public static class DashboardAssets
{
    const string Prefix = "dashboard/";

    static readonly FrozenDictionary<string, byte[]> Files = Load();

    /// <summary>Every embedded file's name (as in wwwroot/).</summary>
    public static IReadOnlyCollection<string> Names => Files.Keys;

    public static byte[]? Read(string name) => Files.GetValueOrDefault(name);

    public static string ContentType(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".txt" or ".md" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    };

    /// <summary>Writes the file, or a 404 when there is none of that name.</summary>
    public static async Task Serve(HttpContext ctx, string name)
    {
        if (Read(name) is not { } bytes)
        {
            ctx.Response.StatusCode = StatusCodes.Status404NotFound;
            ctx.Response.ContentType = "text/plain; charset=utf-8";
            await ctx.Response.WriteAsync($"no dashboard file '{name}'\n", ctx.RequestAborted);
            return;
        }
        ctx.Response.ContentType = ContentType(name);
        ctx.Response.Headers.CacheControl = "no-cache";
        ctx.Response.ContentLength = bytes.Length;
        await ctx.Response.Body.WriteAsync(bytes, ctx.RequestAborted);
    }

    static FrozenDictionary<string, byte[]> Load()
    {
        var assembly = typeof(DashboardAssets).Assembly;
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            string name = resource.Replace('\\', '/');
            if (!name.StartsWith(Prefix, StringComparison.Ordinal)) continue;
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            files[name[Prefix.Length..]] = copy.ToArray();
        }
        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }
}

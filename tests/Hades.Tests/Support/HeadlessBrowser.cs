using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Hades.Tests.Support;

/// <summary>
/// A headless Chromium driven over the Chrome DevTools Protocol (one page target, JSON messages on a
/// WebSocket): navigate, then read the live DOM with <c>Runtime.evaluate</c>.
/// </summary>
public sealed class HeadlessBrowser : IAsyncDisposable
{
    readonly Process process;
    readonly TempDir profile;
    readonly ClientWebSocket socket;
    readonly SemaphoreSlim one = new(1, 1);
    int nextId;

    HeadlessBrowser(Process process, TempDir profile, ClientWebSocket socket)
    {
        this.process = process; this.profile = profile; this.socket = socket;
    }

    /// <summary>The Chromium to use: $HADES_CHROMIUM, else the first of the usual Debian paths that exists.</summary>
    public static string? Executable =>
        new[] { Environment.GetEnvironmentVariable("HADES_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome" }
            .FirstOrDefault(p => !string.IsNullOrEmpty(p) && File.Exists(p));

    public static async Task<HeadlessBrowser> LaunchAsync(string executable)
    {
        var profile = new TempDir();
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var a in new[] { "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                     "--remote-debugging-port=0", $"--user-data-dir={profile.Path}", "about:blank" })
            info.ArgumentList.Add(a);
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {executable}");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            // Chromium writes the port it chose (and the browser's WebSocket path) to DevToolsActivePort.
            string portFile = Path.Combine(profile.Path, "DevToolsActivePort");
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            string[] lines = [];
            while (lines.Length < 1 || lines[0].Length == 0)
            {
                if (process.HasExited) throw new InvalidOperationException($"{executable} exited with {process.ExitCode} before opening DevTools");
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"{executable} wrote no DevToolsActivePort in 60 s");
                await Task.Delay(100);
                try { lines = File.Exists(portFile) ? File.ReadAllLines(portFile) : []; } catch (IOException) { }
            }
            int port = int.Parse(lines[0], System.Globalization.CultureInfo.InvariantCulture);
            using var http = new HttpClient();
            var targets = JsonNode.Parse(await http.GetStringAsync($"http://127.0.0.1:{port}/json/list"))!.AsArray();
            string page = targets.First(t => (string?)t!["type"] == "page")!["webSocketDebuggerUrl"]!.GetValue<string>();
            var socket = new ClientWebSocket();
            await socket.ConnectAsync(new Uri(page), CancellationToken.None);
            return new HeadlessBrowser(process, profile, socket);
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            profile.Dispose();
            throw;
        }
    }

    /// <summary>Opens <paramref name="url"/> and waits until its document has loaded.</summary>
    public async Task NavigateAsync(string url)
    {
        await SendAsync("Page.navigate", new JsonObject { ["url"] = url });
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (await EvaluateAsync("location.href + '|' + document.readyState") is var state && state.GetString() != $"{url}|complete")
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{url} did not load (state {state})");
            await Task.Delay(100);
        }
    }

    /// <summary>Evaluates a JavaScript expression in the page (awaiting promises) and returns its value as JSON.</summary>
    public async Task<JsonElement> EvaluateAsync(string expression)
    {
        var result = await SendAsync("Runtime.evaluate", new JsonObject
        {
            ["expression"] = expression, ["returnByValue"] = true, ["awaitPromise"] = true,
        });
        if (result.TryGetProperty("exceptionDetails", out var error))
            throw new InvalidOperationException($"page script failed: {error}");
        return result.GetProperty("result").TryGetProperty("value", out var value) ? value.Clone() : default;
    }

    /// <summary>A PNG of what the page shows now (for looking at a failure).</summary>
    public async Task<byte[]> ScreenshotAsync() =>
        Convert.FromBase64String((await SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png" })).GetProperty("data").GetString()!);

    async Task<JsonElement> SendAsync(string method, JsonObject parameters)
    {
        await one.WaitAsync();
        try
        {
            int id = ++nextId;
            var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters };
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, timeout.Token);
            while (true)
            {
                using var reply = JsonDocument.Parse(await ReceiveAsync(timeout.Token));
                if (!reply.RootElement.TryGetProperty("id", out var replyId) || replyId.GetInt32() != id) continue; // an event
                if (reply.RootElement.TryGetProperty("error", out var error))
                    throw new InvalidOperationException($"{method} failed: {error}");
                return reply.RootElement.GetProperty("result").Clone();
            }
        }
        finally { one.Release(); }
    }

    async Task<byte[]> ReceiveAsync(CancellationToken cancel)
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var r = await socket.ReceiveAsync(buffer, cancel);
            if (r.MessageType == WebSocketMessageType.Close) throw new InvalidOperationException("the browser closed the DevTools connection");
            message.Write(buffer, 0, r.Count);
            if (r.EndOfMessage) return message.ToArray();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try { await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "", new CancellationTokenSource(2000).Token); }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or InvalidOperationException) { }
        socket.Dispose();
        try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { });
        process.Dispose();
        profile.Dispose();
    }
}

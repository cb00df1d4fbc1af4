using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Governance.Aws.Tests.Support;

/// <summary>One HTTP request as received on the wire: method, raw target, headers in order, body bytes.</summary>
public sealed record CapturedRequest(string Method, string Target, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body)
{
    public string? Header(string name) =>
        Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).FirstOrDefault();

    public string BodyText => Encoding.UTF8.GetString(Body);
}

/// <summary>
/// A minimal HTTP/1.1 server on a free loopback port, written on raw sockets so tests control every byte: status,
/// headers, streamed bodies, and faults a real server would never produce on purpose (a connection reset).
/// </summary>
public sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<HttpExchange, Task> _handler;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;
    private readonly long _maxCapturedBody;

    public LoopbackHttpServer(Func<HttpExchange, Task> handler, long maxCapturedBody = 64L * 1024 * 1024)
    {
        _handler = handler;
        _maxCapturedBody = maxCapturedBody;
        _listener.Start();
        _acceptLoop = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public Uri BaseUri => new($"http://127.0.0.1:{Port}");

    public ConcurrentQueue<CapturedRequest> Requests { get; } = new();

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                return;
            }

            _ = Task.Run(() => ServeConnectionAsync(socket));
        }
    }

    private async Task ServeConnectionAsync(Socket socket)
    {
        using var _ = socket;
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var request = await ReadRequestAsync(stream);
                if (request is null)
                {
                    return;
                }

                Requests.Enqueue(request);
                var exchange = new HttpExchange(request, stream, socket);
                await _handler(exchange);
                if (exchange.Closed)
                {
                    return;
                }
            }
        }
        catch (IOException)
        {
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private async Task<CapturedRequest?> ReadRequestAsync(Stream stream)
    {
        var head = await ReadHeadAsync(stream);
        if (head is null)
        {
            return null;
        }

        var lines = head.Split("\r\n");
        var requestLine = lines[0].Split(' ');
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
        {
            var colon = line.IndexOf(':');
            headers.Add(new(line[..colon].Trim(), line[(colon + 1)..].Trim()));
        }

        var lengthHeader = headers.FirstOrDefault(h => h.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)).Value;
        var chunked = headers.Any(h => h.Key.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) && h.Value.Contains("chunked"));
        using var body = new MemoryStream();
        if (lengthHeader is not null)
        {
            var remaining = long.Parse(lengthHeader);
            var buffer = new byte[81920];
            while (remaining > 0)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)));
                if (read == 0)
                {
                    throw new IOException("Client closed mid-body.");
                }

                if (body.Length < _maxCapturedBody)
                {
                    body.Write(buffer, 0, read);
                }

                remaining -= read;
            }
        }
        else if (chunked)
        {
            while (true)
            {
                var sizeLine = await ReadLineAsync(stream);
                var size = Convert.ToInt32(sizeLine.Split(';')[0], 16);
                if (size == 0)
                {
                    await ReadLineAsync(stream);
                    break;
                }

                var chunk = new byte[size];
                await stream.ReadExactlyAsync(chunk);
                body.Write(chunk);
                await ReadLineAsync(stream);
            }
        }

        return new CapturedRequest(requestLine[0], requestLine[1], headers, body.ToArray());
    }

    private static async Task<string?> ReadHeadAsync(Stream stream)
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        while (true)
        {
            var read = await stream.ReadAsync(one);
            if (read == 0)
            {
                return bytes.Count == 0 ? null : throw new IOException("Connection closed in the request head.");
            }

            bytes.Add(one[0]);
            var n = bytes.Count;
            if (n >= 4 && bytes[n - 4] == '\r' && bytes[n - 3] == '\n' && bytes[n - 2] == '\r' && bytes[n - 1] == '\n')
            {
                return Encoding.ASCII.GetString(bytes.ToArray(), 0, n - 4);
            }
        }
    }

    private static async Task<string> ReadLineAsync(Stream stream)
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        while (await stream.ReadAsync(one) == 1)
        {
            if (one[0] == '\n')
            {
                break;
            }

            if (one[0] != '\r')
            {
                bytes.Add(one[0]);
            }
        }

        return Encoding.ASCII.GetString(bytes.ToArray());
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _acceptLoop.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException)
        {
        }

        _stop.Dispose();
    }
}

/// <summary>One request and the means to answer it.</summary>
public sealed class HttpExchange(CapturedRequest request, Stream stream, Socket socket)
{
    public CapturedRequest Request { get; } = request;

    public bool Closed { get; private set; }

    public Task RespondAsync(int status, string body, params (string Name, string Value)[] headers) =>
        RespondAsync(status, Encoding.UTF8.GetBytes(body), headers);

    public async Task RespondAsync(int status, byte[] body, params (string Name, string Value)[] headers)
    {
        await WriteHeadAsync(status, body.Length, headers);
        await stream.WriteAsync(body);
        await stream.FlushAsync();
    }

    /// <summary>Streams a body of <paramref name="length"/> bytes produced by <paramref name="write"/>.</summary>
    public async Task RespondStreamAsync(int status, long length, Func<Stream, Task> write, params (string Name, string Value)[] headers)
    {
        await WriteHeadAsync(status, length, headers);
        await write(stream);
        await stream.FlushAsync();
    }

    /// <summary>Sends the head and part of the body, then resets the connection (RST, not FIN).</summary>
    public async Task RespondThenResetAsync(int status, long declaredLength, byte[] partialBody, params (string Name, string Value)[] headers)
    {
        await WriteHeadAsync(status, declaredLength, headers);
        await stream.WriteAsync(partialBody);
        await stream.FlushAsync();
        Reset();
    }

    /// <summary>Closes the connection with a TCP reset before answering.</summary>
    public void Reset()
    {
        socket.LingerState = new LingerOption(true, 0);
        socket.Close();
        Closed = true;
    }

    private async Task WriteHeadAsync(int status, long length, (string Name, string Value)[] headers)
    {
        var head = new StringBuilder();
        head.Append("HTTP/1.1 ").Append(status).Append(' ').Append(Reason(status)).Append("\r\n");
        if (!headers.Any(h => h.Name.Equals("Date", StringComparison.OrdinalIgnoreCase)))
        {
            head.Append("Date: ").Append(DateTimeOffset.UtcNow.ToString("r")).Append("\r\n");
        }

        head.Append("Content-Length: ").Append(length).Append("\r\n");
        foreach (var (name, value) in headers)
        {
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        head.Append("\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()));
    }

    private static string Reason(int status) => status switch
    {
        200 => "OK",
        400 => "Bad Request",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        409 => "Conflict",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    };
}

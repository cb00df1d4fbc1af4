using System.Text;

namespace Governance.Local.Lambda;

/// <summary>
/// The function's log stream: every stdout/stderr line of the child plus the platform's START/END/REPORT lines, appended
/// to a file (what CloudWatch Logs would hold) and passed to an optional callback (a console, a test).
/// </summary>
internal sealed class FunctionLog : IDisposable
{
    private readonly object _gate = new();
    private readonly StreamWriter? _writer;
    private readonly Action<string>? _callback;

    public FunctionLog(string? path, Action<string>? callback)
    {
        _callback = callback;
        if (path is not null)
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(path));
            if (directory is not null)
            {
                Directory.CreateDirectory(directory);
            }

            _writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite), new UTF8Encoding(false))
            {
                AutoFlush = true,
            };
        }
    }

    public void Line(string line)
    {
        lock (_gate)
        {
            _writer?.WriteLine(line);
        }

        _callback?.Invoke(line);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _writer?.Dispose();
        }
    }
}

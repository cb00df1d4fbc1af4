using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Governance.Local.Npm;

/// <summary>The parts of an npm publish document: its metadata (tarball data blanked) and the decoded tarball file.</summary>
public sealed class NpmPublishDocument(JsonDocument metadata, string? tarballPath) : IDisposable
{
    public JsonDocument Metadata { get; } = metadata;

    /// <summary>The decoded <c>_attachments.*.data</c>, spooled to a scratch file; null when there was none.</summary>
    public string? TarballPath { get; } = tarballPath;

    public void Dispose()
    {
        Metadata.Dispose();
        if (TarballPath is not null)
        {
            Storage.AtomicFile.TryDelete(TarballPath);
        }
    }
}

/// <summary>
/// Reads the npm publish document as a stream. npm embeds the tarball as one base64 JSON string
/// (<c>_attachments.{file}.data</c>), which a JSON DOM would hold whole in memory; this reader walks the JSON
/// structure byte by byte, decodes that one string straight into a scratch file, and keeps only the rest of the
/// document (package.json and friends) for <see cref="JsonDocument"/>.
/// </summary>
/// <remarks>
/// The rest is held in memory, so it is bounded: past <see cref="MaxMetadataBytes"/> the read stops and the publish
/// is refused with 413 and a message naming the limit, before the document is parsed. Without the bound one request
/// carrying a 50 MB readme cost the stack over 100 MB (the bytes, then their DOM). The npm registry documents no
/// figure for this part of the document (its 413s come from a proxy's body limit), so the limit is ours: 16 MiB,
/// far above what a package.json and its readme need (the largest packuments on npmjs are a few MiB for hundreds of
/// versions; a publish document carries one version).
/// </remarks>
public static class NpmPublishDocumentReader
{
    /// <summary>The most bytes of a publish document, outside the attachment data, that are kept and parsed.</summary>
    public const int MaxMetadataBytes = 16 * 1024 * 1024;

    private const int ChunkSize = 64 * 1024;

    /// <summary><see cref="JsonDocument"/>'s default depth limit, applied while scanning.</summary>
    private const int MaxDepth = 64;

    /// <summary>The refusal when a document's metadata passes <see cref="MaxMetadataBytes"/>: HTTP 413, naming the limit.</summary>
    public static CodeArtifact.CodeArtifactException MetadataTooLarge() => new(
        "PayloadTooLargeException",
        System.Net.HttpStatusCode.RequestEntityTooLarge,
        $"The npm publish document's metadata (everything but the _attachments tarball data: package.json, readme, …) is limited to {MaxMetadataBytes / (1024 * 1024)} MiB ({MaxMetadataBytes} bytes); this one is larger. Shorten the readme or the package.json.");

    public static async Task<NpmPublishDocument> ReadAsync(Stream body, string scratchPath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        var metadata = new MemoryStream();
        using var scanner = new Scanner(metadata);
        var buffer = new byte[ChunkSize];
        try
        {
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                for (var i = 0; i < read; i++)
                {
                    var sink = scanner.Feed(buffer[i], out var dataByte);
                    if (sink)
                    {
                        await scanner.WriteDataAsync(scratchPath, dataByte, cancellationToken);
                    }
                }
            }

            var hadData = await scanner.FinishDataAsync(scratchPath, cancellationToken);
            metadata.Position = 0;
            var document = await JsonDocument.ParseAsync(metadata, default, cancellationToken);
            return new NpmPublishDocument(document, hadData ? scratchPath : null);
        }
        catch
        {
            await scanner.AbortAsync();
            Storage.AtomicFile.TryDelete(scratchPath);
            throw;
        }
    }

    private sealed class Frame(bool isObject)
    {
        public bool IsObject { get; } = isObject;

        public bool ExpectKey { get; set; } = isObject;

        public string? Key { get; set; }
    }

    /// <summary>A minimal JSON structure tracker: enough to know when the string being read is an attachment's data.</summary>
    private sealed class Scanner(MemoryStream metadata) : IDisposable
    {
        public void Dispose() => _file?.Dispose();

        private readonly List<Frame> _stack = [];
        private readonly List<byte> _key = [];
        private readonly byte[] _pending = new byte[ChunkSize];
        private int _pendingCount;
        private FileStream? _file;
        private CryptoStream? _decoder;
        private bool _inString;
        private bool _escape;
        private bool _readingKey;
        private bool _readingData;

        /// <summary>Consumes one byte; returns true when it is a base64 character of the attachment data.</summary>
        public bool Feed(byte b, out byte dataByte)
        {
            dataByte = 0;
            if (_inString)
            {
                if (_escape)
                {
                    _escape = false;
                    if (_readingData)
                    {
                        // JSON may escape '/', the only base64 character with an escape form.
                        dataByte = b == (byte)'/' ? b : throw new JsonException("unexpected escape inside the base64 attachment data");
                        return true;
                    }

                    Keep(b);
                    return false;
                }

                if (b == (byte)'\\')
                {
                    _escape = true;
                    if (!_readingData)
                    {
                        Keep(b);
                    }

                    return false;
                }

                if (b == (byte)'"')
                {
                    _inString = false;
                    if (_readingKey)
                    {
                        _stack[^1].Key = Encoding.UTF8.GetString([.. _key]);
                        _readingKey = false;
                    }

                    _readingData = false;
                    Write(b);
                    return false;
                }

                if (_readingData)
                {
                    dataByte = b;
                    return true;
                }

                Keep(b);
                return false;
            }

            switch (b)
            {
                case (byte)'{' or (byte)'[':
                    // The parser refuses deeper documents anyway; refusing them here keeps the frame stack bounded
                    // too (16 MiB of '[' would otherwise be 16 million frames before the parser ever saw them).
                    if (_stack.Count >= MaxDepth)
                    {
                        throw new JsonException($"the publish document is nested deeper than {MaxDepth} levels");
                    }

                    _stack.Add(new Frame(isObject: b == (byte)'{'));
                    break;
                case (byte)'}' or (byte)']':
                    if (_stack.Count == 0)
                    {
                        throw new JsonException("unbalanced JSON in the publish document");
                    }

                    _stack.RemoveAt(_stack.Count - 1);
                    break;
                case (byte)':':
                    if (_stack.Count > 0)
                    {
                        _stack[^1].ExpectKey = false;
                    }

                    break;
                case (byte)',':
                    if (_stack.Count > 0 && _stack[^1].IsObject)
                    {
                        _stack[^1].ExpectKey = true;
                    }

                    break;
                case (byte)'"':
                    _inString = true;
                    _readingKey = _stack.Count > 0 && _stack[^1].IsObject && _stack[^1].ExpectKey;
                    _key.Clear();
                    _readingData = !_readingKey && IsAttachmentData();
                    break;
            }

            Write(b);
            return false;
        }

        public async Task WriteDataAsync(string scratchPath, byte b, CancellationToken cancellationToken)
        {
            _pending[_pendingCount++] = b;
            if (_pendingCount == _pending.Length)
            {
                await FlushPendingAsync(scratchPath, cancellationToken);
            }
        }

        /// <summary>Flushes the decoder; true when attachment data was seen.</summary>
        public async Task<bool> FinishDataAsync(string scratchPath, CancellationToken cancellationToken)
        {
            if (_pendingCount > 0)
            {
                await FlushPendingAsync(scratchPath, cancellationToken);
            }

            if (_decoder is null)
            {
                return false;
            }

            await _decoder.FlushFinalBlockAsync(cancellationToken);
            await _decoder.DisposeAsync();
            _decoder = null;
            _file = null;
            return true;
        }

        /// <summary>Closes the scratch file without finishing the decode (the document was bad or cut short).</summary>
        public async Task AbortAsync()
        {
            if (_file is not null)
            {
                await _file.DisposeAsync();
            }

            _decoder = null;
            _file = null;
        }

        private async Task FlushPendingAsync(string scratchPath, CancellationToken cancellationToken)
        {
            if (_decoder is null)
            {
                _file = new FileStream(scratchPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, ChunkSize, useAsync: true);
                _decoder = new CryptoStream(_file, new FromBase64Transform(FromBase64TransformMode.IgnoreWhiteSpaces), CryptoStreamMode.Write);
            }

            await _decoder.WriteAsync(_pending.AsMemory(0, _pendingCount), cancellationToken);
            _pendingCount = 0;
        }

        private void Keep(byte b)
        {
            if (_readingKey)
            {
                _key.Add(b);
            }

            Write(b);
        }

        /// <summary>Keeps one metadata byte, refusing the document once the kept bytes pass the limit.</summary>
        private void Write(byte b)
        {
            if (metadata.Length >= MaxMetadataBytes)
            {
                throw MetadataTooLarge();
            }

            metadata.WriteByte(b);
        }

        private bool IsAttachmentData() =>
            _stack.Count == 3
            && _stack[0].Key == "_attachments"
            && _stack[1].IsObject
            && _stack[2].IsObject
            && _stack[2].Key == "data";
    }
}

using System.Buffers;
using System.Buffers.Text;

namespace RefAssured.Sdk;

/// <summary>
/// Decodes base64 text piece by piece into caller buffers of any size, so that content can be
/// streamed without decoding it whole. Whitespace in the text is skipped, as <see cref="Base64"/> does.
/// </summary>
internal struct Base64ContentReader(ReadOnlyMemory<byte> source)
{
    // One base64 quantum decodes to at most 3 bytes; smaller caller buffers are served from here.
    private byte[]? _carry;
    private int _carryStart;
    private int _carryCount;

    /// <summary>Gets the offset, in the base64 text, of the first character not yet decoded.</summary>
    public int Position { get; private set; }

    /// <summary>Decodes the next bytes into <paramref name="destination"/>.</summary>
    /// <param name="destination">Where to write; any length.</param>
    /// <param name="written">The bytes written; 0 at the end of the content.</param>
    /// <returns><see langword="false"/> when the text is not valid base64 at <see cref="Position"/>.</returns>
    public bool TryRead(Span<byte> destination, out int written)
    {
        written = 0;
        if (destination.IsEmpty)
        {
            return true;
        }

        if (_carryCount > 0)
        {
            written = Math.Min(_carryCount, destination.Length);
            _carry.AsSpan(_carryStart, written).CopyTo(destination);
            _carryStart += written;
            _carryCount -= written;
            return true;
        }

        while (Position < source.Length)
        {
            var useCarry = destination.Length < 3;
            var target = useCarry ? (_carry ??= new byte[3]) : destination;
            var status = Base64.DecodeFromUtf8(source.Span[Position..], target, out var consumed, out var decoded);
            Position += consumed;
            if (status is OperationStatus.InvalidData or OperationStatus.NeedMoreData ||
                (status == OperationStatus.DestinationTooSmall && consumed == 0 && decoded == 0))
            {
                return false;
            }

            if (decoded == 0)
            {
                continue;
            }

            if (!useCarry)
            {
                written = decoded;
                return true;
            }

            written = Math.Min(decoded, destination.Length);
            target[..written].CopyTo(destination);
            _carryStart = written;
            _carryCount = decoded - written;
            return true;
        }

        return true;
    }
}

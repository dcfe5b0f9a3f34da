namespace RevenueCycle.X12.Tests.Samples;

/// <summary>A reader that hands out at most a few characters per call, as a slow network stream would.</summary>
public sealed class ChunkedReader(string text, int chunkSize) : TextReader
{
    private int _position;

    public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

    public override int Read(Span<char> buffer)
    {
        var length = Math.Min(Math.Min(chunkSize, buffer.Length), text.Length - _position);
        text.AsSpan(_position, length).CopyTo(buffer);
        _position += length;
        return length;
    }

    public override int Peek() => _position < text.Length ? text[_position] : -1;

    public override int Read() => _position < text.Length ? text[_position++] : -1;
}

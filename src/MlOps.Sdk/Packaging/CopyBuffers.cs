using System.Buffers;

namespace MlOps.Sdk.Packaging;

/// <summary>Two pooled buffers for copying with one chunk in flight while the next is read; returned to the pool on dispose.</summary>
internal sealed class CopyBuffers : IDisposable
{
    public CopyBuffers(int size)
    {
        First = ArrayPool<byte>.Shared.Rent(size);
        Second = ArrayPool<byte>.Shared.Rent(size);
    }

    public byte[] First { get; }

    public byte[] Second { get; }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(First);
        ArrayPool<byte>.Shared.Return(Second);
    }
}

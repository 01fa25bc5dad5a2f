using System.Buffers;
using System.IO.MemoryMappedFiles;

namespace InferScope.Storage.Blocks;

/// <summary>
/// A read-only memory map of a whole file, exposed as <see cref="Memory{T}"/> so chunk data can
/// be decoded in place without copying. Files larger than 2 GiB are rejected because spans are
/// indexed by int.
/// </summary>
internal sealed unsafe class MappedFile : MemoryManager<byte>
{
    private readonly MemoryMappedFile? map;
    private readonly MemoryMappedViewAccessor? view;
    private readonly byte* pointer;
    private readonly int length;
    private bool released;

    public MappedFile(string path)
    {
        var size = new FileInfo(path).Length;
        if (size > int.MaxValue)
        {
            throw new InvalidDataException($"Block file {path} is {size} bytes; files above 2 GiB are not supported.");
        }

        length = (int)size;
        if (length == 0)
        {
            return;
        }

        map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        view = map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
        byte* basePointer = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref basePointer);
        pointer = basePointer + view.PointerOffset;
    }

    public int Length => length;

    /// <summary>The address of the first byte, valid until the file is released.</summary>
    public byte* Pointer => pointer;

    public override Span<byte> GetSpan()
    {
        ObjectDisposedException.ThrowIf(released, this);
        return length == 0 ? [] : new Span<byte>(pointer, length);
    }

    public override MemoryHandle Pin(int elementIndex = 0) => new(pointer + elementIndex);

    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing)
    {
        if (released)
        {
            return;
        }

        released = true;
        if (view is not null)
        {
            view.SafeMemoryMappedViewHandle.ReleasePointer();
            view.Dispose();
        }

        map?.Dispose();
    }
}

using System.Security.Cryptography;
using MlOps.Sdk.Naming;
using MlOps.Sdk.Packaging;

namespace MlOps.Sdk.Tests.Packaging;

[Collection(NonParallelCollection.Name)]
public sealed class ReleasePackagerMemoryTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task CreateAsync_LargeArtifact_AllocatesFarLessThanItsSize()
    {
        const int size = 64 * 1024 * 1024;
        using (var file = File.Create(_temp.Combine("model.bin")))
        {
            var chunk = RandomNumberGenerator.GetBytes(1024 * 1024);
            for (var i = 0; i < size / chunk.Length; i++)
            {
                file.Write(chunk);
            }
        }

        var request = new ReleasePackageRequest
        {
            Context = ReleaseContext.Stable("1a2b3c4d", new DateTimeOffset(2026, 11, 27, 10, 55, 0, TimeSpan.Zero)),
            OutputDirectory = _temp.Combine("out"),
            AdditionalFiles = [ReleaseFile.FromFile("model/model.tar.gz", _temp.Combine("model.bin"))],
        };
        var packager = new ReleasePackager();
        await packager.CreateAsync(request with { OutputDirectory = _temp.Combine("warm-up") });
        var before = GC.GetTotalAllocatedBytes(precise: true);

        await packager.CreateAsync(request);

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.True(allocated < 8 * 1024 * 1024, $"packaging {size} bytes allocated {allocated} bytes");
    }
}

using System.Globalization;
using MlOps.Sdk.Stages;

// Packaging benchmark driver; bench/packaging/run.sh times it with /usr/bin/time against Info-ZIP and cp.
//   generate-weights <file> <MiB>   synthetic float32 weights, normally distributed like trained ones
//   generate-random <file> <MiB>    incompressible bytes, standing in for an already-compressed model.tar.gz
//   generate-source <folder> <n>    a source tree of n text files
//   stage [options]                 the package stage, exactly as a project's ci/package.cs runs it
return args switch
{
    ["stage", .. var options] => await StageRunner.RunAsync<PackageStage>(options),
    ["generate-weights", var file, var mib] => GenerateWeights(file, int.Parse(mib, CultureInfo.InvariantCulture)),
    ["generate-random", var file, var mib] => GenerateRandom(file, int.Parse(mib, CultureInfo.InvariantCulture)),
    ["generate-source", var folder, var count] => GenerateSource(folder, int.Parse(count, CultureInfo.InvariantCulture)),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: generate-weights|generate-random <file> <MiB> | generate-source <folder> <count> | stage [options]");
    return 2;
}

static int GenerateWeights(string file, int mib)
{
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
    var random = new Random(42);
    var buffer = new float[256 * 1024];
    using var output = File.Create(file);
    for (long written = 0; written < (long)mib << 20; written += buffer.Length * sizeof(float))
    {
        for (var i = 0; i < buffer.Length; i++)
        {
            // Normally distributed float32 weights, as in a trained checkpoint: deflate saves little on them, as on real ones.
            var u1 = 1.0 - random.NextDouble();
            buffer[i] = (float)(0.05 * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * random.NextDouble()));
        }

        output.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(buffer.AsSpan()));
    }

    return 0;
}

static int GenerateRandom(string file, int mib)
{
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
    var random = new Random(7);
    var buffer = new byte[1 << 20];
    using var output = File.Create(file);
    for (var i = 0; i < mib; i++)
    {
        random.NextBytes(buffer);
        output.Write(buffer);
    }

    return 0;
}

static int GenerateSource(string folder, int count)
{
    var random = new Random(3);
    for (var i = 0; i < count; i++)
    {
        var path = Path.Combine(folder, $"src/module{i % 40:D2}/File{i:D5}.cs");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var writer = new StreamWriter(path);
        writer.WriteLine($"namespace Sample.Module{i % 40};");
        for (var line = 0; line < 60 + random.Next(120); line++)
        {
            writer.WriteLine($"    public static int Compute{line}(int x) => x * {random.Next(1000)} + {random.Next(1000)}; // step {line}");
        }
    }

    return 0;
}

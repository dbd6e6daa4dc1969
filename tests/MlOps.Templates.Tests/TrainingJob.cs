namespace MlOps.Templates.Tests;

/// <summary>A SAGEMAKER_BASE_DIR with a generated training project's own data staged as channels.</summary>
public static class TrainingJob
{
    public static string Create(GeneratedProject project)
    {
        var baseDirectory = Directory.CreateTempSubdirectory("mlops-job-").FullName;
        foreach (var channel in new[] { "train", "validation" })
        {
            var target = Directory.CreateDirectory(Path.Combine(baseDirectory, "input", "data", channel)).FullName;
            foreach (var file in Directory.GetFiles(Path.Combine(project.Directory, "data", channel), "*.csv"))
            {
                File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
            }
        }

        return baseDirectory;
    }
}

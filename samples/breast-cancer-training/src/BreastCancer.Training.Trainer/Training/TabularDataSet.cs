using Microsoft.ML;
using Microsoft.ML.Data;
using BreastCancer.Training.Trainer.Contract;

namespace BreastCancer.Training.Trainer.Training;

/// <summary>
/// The CSV files of one channel, loaded as a <c>Label</c> column and a <c>Features</c> vector of every other column,
/// in file order. The header names the columns; every file of the channel must have the same header.
/// </summary>
/// <param name="Data">The rows.</param>
/// <param name="FeatureNames">The feature columns, in the order the model expects them.</param>
/// <param name="RowCount">How many rows were read.</param>
public sealed record TabularDataSet(IDataView Data, IReadOnlyList<string> FeatureNames, long RowCount)
{
    /// <summary>The name of the label column inside the model.</summary>
    public const string LabelColumnName = "Label";

    /// <summary>The name of the feature vector inside the model.</summary>
    public const string FeaturesColumnName = "Features";

    /// <summary>Loads every <c>*.csv</c> file under the channel folder.</summary>
    /// <param name="mlContext">The ML.NET context.</param>
    /// <param name="channelName">The channel, for error messages.</param>
    /// <param name="directory">The channel folder.</param>
    /// <param name="labelColumn">The header name of the label column.</param>
    /// <returns>The data set.</returns>
    public static TabularDataSet Load(MLContext mlContext, string channelName, string directory, string labelColumn)
    {
        if (!Directory.Exists(directory))
        {
            throw new TrainerInputException($"Channel '{channelName}' folder {directory} does not exist.");
        }

        var files = Directory.EnumerateFiles(directory, "*.csv", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .ToArray();
        if (files.Length == 0)
        {
            throw new TrainerInputException($"Channel '{channelName}' has no .csv file in {directory}.");
        }

        var header = ReadHeader(channelName, files[0]);
        foreach (var file in files.Skip(1))
        {
            if (!ReadHeader(channelName, file).SequenceEqual(header, StringComparer.Ordinal))
            {
                throw new TrainerInputException(
                    $"Channel '{channelName}': {Path.GetFileName(file)} has a different header from {Path.GetFileName(files[0])}.");
            }
        }

        var labelIndex = Array.IndexOf(header, labelColumn);
        if (labelIndex < 0)
        {
            throw new TrainerInputException(
                $"Channel '{channelName}' has no label column '{labelColumn}' (hyperparameter 'label_column'); its columns are {string.Join(", ", header)}.");
        }

        if (header.Length < 2)
        {
            throw new TrainerInputException($"Channel '{channelName}' needs at least one feature column besides '{labelColumn}'.");
        }

        var featureRanges = new List<TextLoader.Range>();
        if (labelIndex > 0)
        {
            featureRanges.Add(new TextLoader.Range(0, labelIndex - 1));
        }

        if (labelIndex < header.Length - 1)
        {
            featureRanges.Add(new TextLoader.Range(labelIndex + 1, header.Length - 1));
        }

        var loader = mlContext.Data.CreateTextLoader(
            new TextLoader.Options
            {
                HasHeader = true,
                Separators = [','],
                Columns =
                [
                    new TextLoader.Column(LabelColumnName, DataKind.Boolean, labelIndex),
                    new TextLoader.Column(FeaturesColumnName, DataKind.Single, featureRanges.ToArray()),
                ],
            });
        var data = loader.Load(new MultiFileSource(files));
        var rowCount = CountValidRows(channelName, data, header.Length - 1);

        return new TabularDataSet(data, header.Where((_, index) => index != labelIndex).ToArray(), rowCount);
    }

    private static string[] ReadHeader(string channelName, string file)
    {
        using var reader = new StreamReader(file);
        var line = reader.ReadLine();
        if (string.IsNullOrWhiteSpace(line))
        {
            throw new TrainerInputException($"Channel '{channelName}': {Path.GetFileName(file)} is empty; it needs a header row.");
        }

        return line.Split(',').Select(name => name.Trim()).ToArray();
    }

    // ML.NET turns unparsable cells into NaN silently; a model trained on them would be wrong without a word, so refuse them.
    private static long CountValidRows(string channelName, IDataView data, int featureCount)
    {
        long rows = 0;
        using var cursor = data.GetRowCursor(data.Schema);
        var getFeatures = cursor.GetGetter<VBuffer<float>>(data.Schema[FeaturesColumnName]);
        var features = default(VBuffer<float>);
        while (cursor.MoveNext())
        {
            rows++;
            getFeatures(ref features);
            var values = features.DenseValues().ToArray();
            if (values.Length != featureCount || values.Any(float.IsNaN))
            {
                throw new TrainerInputException(
                    $"Channel '{channelName}' row {rows} has a missing or non-numeric feature value; every feature must be a number.");
            }
        }

        return rows == 0 ? throw new TrainerInputException($"Channel '{channelName}' has a header but no rows.") : rows;
    }
}

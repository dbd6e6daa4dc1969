namespace MlOps.Sdk.Stages.Settings;

/// <summary>The endpoint test's settings: <c>manifest.json</c> <c>test</c>, overridden by the test stage's options.</summary>
internal sealed record EndpointTestSettings
{
    /// <summary>The test data: a JSON test plan or a labelled CSV (<c>test.data</c>, or the older <c>endpoint.testData</c>).</summary>
    public required string Data { get; init; }

    /// <summary>The label column of CSV test data (<c>test.labelColumn</c>, default <c>label</c>).</summary>
    public required string LabelColumn { get; init; }

    /// <summary>The content type the CSV rows are sent as (<c>test.contentType</c>, default <c>text/csv</c>).</summary>
    public required string ContentType { get; init; }

    /// <summary>The content type asked for (<c>test.accept</c>, default <c>application/json</c>).</summary>
    public required string Accept { get; init; }

    /// <summary>
    /// The accuracy the predictions on CSV test data must reach (<c>test.gate.threshold</c>, 0 to 1), or
    /// <see langword="null"/>. <c>test.gate.metric</c> may only be <c>accuracy</c> and <c>test.gate.comparison</c> only
    /// <c>GreaterThanOrEqualToThreshold</c>: those are what the test stage computes.
    /// </summary>
    public double? MinAccuracy { get; init; }

    /// <summary>Reads and checks the settings.</summary>
    /// <param name="values">The stage's layers.</param>
    /// <returns>The settings.</returns>
    /// <exception cref="MlOpsValidationException">A value breaks its rule; the message names it.</exception>
    public static EndpointTestSettings Read(StageSettingValues values)
    {
        values.OneOf("test.gate.metric", ["accuracy"], "the metric the test stage computes from the labelled test data");
        values.OneOf("test.gate.comparison", ["GreaterThanOrEqualToThreshold"], "the accuracy must reach the threshold");
        return new EndpointTestSettings
        {
            Data = values.FirstText("test.data", "endpoint.testData") ?? EndpointTestStage.DefaultTestData,
            LabelColumn = values.Text("test.labelColumn") ?? "label",
            ContentType = values.Text("test.contentType") ?? "text/csv",
            Accept = values.Text("test.accept") ?? "application/json",
            MinAccuracy = values.Number("test.gate.threshold", 0, 1, "must be an accuracy between 0 and 1"),
        };
    }
}

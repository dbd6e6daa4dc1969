#:package MlOps.Sdk.Stages@0.1.0
#:property PublishAot=false

// Report: the merge-request review (candidate against production, tests, cost, links), posted as one merge-request note.
// Options: dotnet run --file ci/report.cs -- --help (each also read from MLOPS_* and GitLab CI variables).
return await MlOps.Sdk.Stages.StageRunner.RunAsync<MlOps.Sdk.Stages.ReportStage>(args);

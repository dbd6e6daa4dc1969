#:package MlOps.Sdk.Stages@0.1.0
#:property PublishAot=false

// Cleanup: removes what the SDK created for this project beyond the retention period (dry run with --dry-run).
// Options: dotnet run --file ci/cleanup.cs -- --help (each also read from MLOPS_* and GitLab CI variables).
return await MlOps.Sdk.Stages.StageRunner.RunAsync<MlOps.Sdk.Stages.CleanupStage>(args);

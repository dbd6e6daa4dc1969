#:package MlOps.Sdk.Stages@0.1.0
#:property PublishAot=false

// Register: registers the trained model in the model package group; on the default branch, the metric gate approves or rejects it.
// Options: dotnet run --file ci/register.cs -- --help (each also read from MLOPS_* and GitLab CI variables).
return await MlOps.Sdk.Stages.StageRunner.RunAsync<MlOps.Sdk.Stages.RegisterStage>(args);

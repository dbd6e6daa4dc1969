#:package MlOps.Sdk.Stages@0.1.0
#:property PublishAot=false

// Validate: restores, builds with warnings as errors and runs the unit tests.
// Options: dotnet run --file ci/validate.cs -- --help (each also read from MLOPS_* and GitLab CI variables).
return await MlOps.Sdk.Stages.StageRunner.RunAsync<MlOps.Sdk.Stages.ValidateStage>(args);

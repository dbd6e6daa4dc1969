#:package MlOps.Sdk.Stages@0.1.0
#:property PublishAot=false

// Build: publishes the trainer and registers it as the training image (local mode), or checks the image the container job pushed (AWS).
// Options: dotnet run --file ci/build.cs -- --help (each also read from MLOPS_* and GitLab CI variables).
return await MlOps.Sdk.Stages.StageRunner.RunAsync<MlOps.Sdk.Stages.BuildStage>(args);

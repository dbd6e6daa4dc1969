#:package MlOps.Sdk.Stages@0.1.0
#:property PublishAot=false

// Train: starts a SageMaker training job on this commit's image and data, and waits for it.
// Options: dotnet run --file ci/train.cs -- --help (each also read from MLOPS_* and GitLab CI variables).
return await MlOps.Sdk.Stages.StageRunner.RunAsync<MlOps.Sdk.Stages.TrainStage>(args);

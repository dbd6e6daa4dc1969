#:package MlOps.Sdk.Stages@0.1.0
#:property PublishAot=false

// Stop candidate: deletes this merge request's candidate endpoint with its configuration and model.
// Options: dotnet run --file ci/stop-candidate.cs -- --help (each also read from MLOPS_* and GitLab CI variables).
return await MlOps.Sdk.Stages.StageRunner.RunAsync<MlOps.Sdk.Stages.StopCandidateStage>(args);

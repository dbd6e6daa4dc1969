#:package MlOps.Sdk.Stages@0.1.0
#:property PublishAot=false

// Release: verifies the release zip and its manifest, and writes the release notes and where the zip is published.
// Options: dotnet run --file ci/release.cs -- --help (each also read from MLOPS_* and GitLab CI variables).
return await MlOps.Sdk.Stages.StageRunner.RunAsync<MlOps.Sdk.Stages.ReleaseStage>(args);

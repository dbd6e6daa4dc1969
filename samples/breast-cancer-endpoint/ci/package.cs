#:package MlOps.Sdk.Stages@0.1.0
#:property PublishAot=false

// Package: builds the release zip (source, model, deployment configuration, docs, manifest with checksums).
// Options: dotnet run --file ci/package.cs -- --help (each also read from MLOPS_* and GitLab CI variables).
return await MlOps.Sdk.Stages.StageRunner.RunAsync<MlOps.Sdk.Stages.PackageStage>(args);

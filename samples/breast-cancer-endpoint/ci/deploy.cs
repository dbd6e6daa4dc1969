#:package MlOps.Sdk.Stages@0.1.0
#:property PublishAot=false

// Deploy: deploys the newest approved model to the candidate endpoint (merge requests) or, blue/green, to production.
// Options: dotnet run --file ci/deploy.cs -- --help (each also read from MLOPS_* and GitLab CI variables).
return await MlOps.Sdk.Stages.StageRunner.RunAsync<MlOps.Sdk.Stages.DeployStage>(args);

#:package MlOps.Sdk.Stages@0.1.0
#:property PublishAot=false

// Test: sends the test requests to the endpoint and checks the answers; a failing production test rolls the endpoint back.
// Options: dotnet run --file ci/test.cs -- --help (each also read from MLOPS_* and GitLab CI variables).
return await MlOps.Sdk.Stages.StageRunner.RunAsync<MlOps.Sdk.Stages.EndpointTestStage>(args);

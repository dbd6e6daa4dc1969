// mlops-local serve: local mode over the AWS wire (see docs/local-wire.md).
return await MlOps.Sdk.LocalWire.Hosting.LocalWireCommand.RunAsync(args);

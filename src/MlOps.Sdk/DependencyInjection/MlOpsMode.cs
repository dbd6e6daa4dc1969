namespace MlOps.Sdk;

/// <summary>Where the pipeline runs.</summary>
public enum MlOpsMode
{
    /// <summary>On this machine: training and endpoints as local processes, state in <c>MLOPS_HOME</c>. The default.</summary>
    Local,

    /// <summary>On Amazon SageMaker and S3.</summary>
    Aws,
}

namespace MlOps.Sdk.Packaging;

/// <summary>What a packaging operation is doing when it reports progress.</summary>
public enum PackagingStage
{
    /// <summary>Reading the inputs for secrets, before anything is written.</summary>
    ScanningForSecrets,

    /// <summary>Writing entries into the archive.</summary>
    Writing,

    /// <summary>Reading entries back and checking them.</summary>
    Verifying,

    /// <summary>Extracting entries from an archive.</summary>
    Extracting,

    /// <summary>Done.</summary>
    Completed,
}

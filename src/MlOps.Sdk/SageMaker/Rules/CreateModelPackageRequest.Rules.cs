namespace MlOps.Sdk.SageMaker;

/// <summary>Rules of <c>CreateModelPackage</c> that AWS documents but its API model does not carry.</summary>
public sealed partial record CreateModelPackageRequest
{
    partial void ValidateRules(string path)
    {
        // API reference, CreateModelPackage, Tags: "If you supply ModelPackageGroupName, your model package belongs to
        // the model group you specify and uses the tags associated with the model group. In this case, you cannot
        // supply a tag argument." A versioned package is found by its group and its metadata instead.
        if (ModelPackageGroupName is { Length: > 0 } && Tags is { Count: > 0 })
        {
            throw new MlOpsValidationException(
                path + ".Tags",
                "must be empty when ModelPackageGroupName is set: a versioned model package uses the tags of its model package group",
                ModelPackageGroupName);
        }
    }
}

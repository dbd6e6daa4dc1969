namespace MlOps.Sdk.SageMaker;

/// <summary>Rules of <c>UpdateModelPackage</c> that the API model does not carry.</summary>
public sealed partial record UpdateModelPackageRequest
{
    partial void ValidateRules(string path)
    {
        // UpdateModelPackage merges: CustomerMetadataProperties adds or overwrites the keys it names, and
        // CustomerMetadataPropertiesToRemove deletes the keys it names; every other key stays. AWS documents no order
        // between the two, so a key named in both is refused rather than given an order that the service may not share.
        if (CustomerMetadataProperties is null || CustomerMetadataPropertiesToRemove is null)
        {
            return;
        }

        for (var i = 0; i < CustomerMetadataPropertiesToRemove.Count; i++)
        {
            var key = CustomerMetadataPropertiesToRemove[i];
            if (CustomerMetadataProperties.ContainsKey(key))
            {
                throw new MlOpsValidationException(
                    $"{path}.CustomerMetadataPropertiesToRemove[{i}]",
                    $"'{key}' is also set in CustomerMetadataProperties: a key is either set or removed in one update",
                    ModelPackageArn);
            }
        }
    }
}

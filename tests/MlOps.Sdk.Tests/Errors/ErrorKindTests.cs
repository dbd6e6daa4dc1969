using MlOps.Sdk.Aws;

namespace MlOps.Sdk.Tests.Errors;

/// <summary>
/// "Not found" and "already exists" are decided once, where an answer is read: by its code, and for SageMaker's plain
/// ValidationException by the AWS adapter alone; the layers read <see cref="MlOpsException.Kind"/>.
/// </summary>
public sealed class ErrorKindTests
{
    [Theory]
    [InlineData("ResourceNotFound")]
    [InlineData("ResourceNotFoundException")]
    [InlineData("NoSuchKey")]
    [InlineData("NotFound")]
    public void Kind_CodeSaysNotFound_IsNotFound(string code)
    {
        var error = new MlOpsException("gone", code);

        Assert.Equal(MlOpsErrorKind.NotFound, error.Kind);
    }

    [Theory]
    [InlineData("ResourceInUse")]
    [InlineData("ResourceInUseException")]
    [InlineData("ConflictException")]
    public void Kind_CodeSaysTaken_IsAlreadyExists(string code)
    {
        var error = new MlOpsException("taken", code);

        Assert.Equal(MlOpsErrorKind.AlreadyExists, error.Kind);
    }

    [Fact]
    public void Kind_ValidationExceptionBuiltOutsideTheAdapter_IsOtherWhateverItsMessage()
    {
        var error = new MlOpsException("Could not find endpoint \"x\".", MlOpsErrorCodes.ValidationException);

        Assert.Equal(MlOpsErrorKind.Other, error.Kind);
    }

    [Fact]
    public void Kind_ClientValidationSayingNotFound_IsOther()
    {
        var error = new MlOpsValidationException("EndpointName", "not found in the manifest");

        Assert.Equal(MlOpsErrorKind.Other, error.Kind);
    }

    [Theory]
    [InlineData("Could not find endpoint \"arn:aws:sagemaker:us-east-1:123456789012:endpoint/ep\".")]
    [InlineData("ModelPackage arn:aws:sagemaker:us-east-1:123456789012:model-package/g/1 does not exist.")]
    [InlineData("Requested resource not found: training job j does not exist.")]
    public void AwsKindOf_SageMakerValidationExceptionForMissingResource_IsNotFound(string message)
    {
        Assert.Equal(MlOpsErrorKind.NotFound, AwsErrorKinds.KindOf(MlOpsErrorCodes.ValidationException, message));
    }

    [Theory]
    [InlineData("Cannot create already existing model \"arn:aws:sagemaker:us-east-1:123456789012:model/m\".")]
    [InlineData("Model Package Group already exists: arn:aws:sagemaker:us-east-1:123456789012:model-package-group/g")]
    public void AwsKindOf_SageMakerValidationExceptionForTakenName_IsAlreadyExists(string message)
    {
        Assert.Equal(MlOpsErrorKind.AlreadyExists, AwsErrorKinds.KindOf(MlOpsErrorCodes.ValidationException, message));
    }

    [Fact]
    public void AwsKindOf_ValidationExceptionOfARule_IsOther()
    {
        Assert.Equal(MlOpsErrorKind.Other, AwsErrorKinds.KindOf(MlOpsErrorCodes.ValidationException, "1 validation error detected: Value at 'endpointName' failed to satisfy constraint"));
    }

    [Fact]
    public void AwsKindOf_OtherCodeWhoseMessageSaysNotFound_FollowsTheCode()
    {
        Assert.Equal(MlOpsErrorKind.Other, AwsErrorKinds.KindOf("ThrottlingException", "Rate exceeded; resource not found in cache"));
    }
}

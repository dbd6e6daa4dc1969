using System.Text;
using MlOps.Sdk.Waiting;

namespace MlOps.Sdk.Tests.Waiting;

public sealed class OperationTokenTests
{
    [Fact]
    public void Decode_EncodedToken_GivesBackEveryName()
    {
        var token = new OperationToken("EndpointDeployment", "churn-prod", "churn-prod-cfg-2", "churn-prod-cfg-1");

        var decoded = OperationToken.Decode(token.Encode(), "EndpointDeployment");

        Assert.Equal(token, decoded);
    }

    [Fact]
    public void Encode_AnyToken_IsSafeInAUrlAndADotenvLine()
    {
        var encoded = new OperationToken("TrainingJob", "churn-train-1").Encode();

        Assert.Matches("^[A-Za-z0-9._-]+$", encoded);
    }

    [Fact]
    public void Decode_TokenOfAnotherKind_RefusedNamingBothKinds()
    {
        var encoded = new OperationToken("TrainingJob", "churn-train-1").Encode();

        var error = Assert.Throws<MlOpsValidationException>(() => OperationToken.Decode(encoded, "EndpointDeployment"));

        Assert.Equal("rehydrationToken", error.FieldName);
        Assert.Contains("TrainingJob", error.Message, StringComparison.Ordinal);
        Assert.Contains("EndpointDeployment", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_OverlongToken_Refused()
    {
        var encoded = "mlops-op-v1." + new string('A', 2000);

        var error = Assert.Throws<MlOpsValidationException>(() => OperationToken.Decode(encoded, "TrainingJob"));

        Assert.Equal("rehydrationToken", error.FieldName);
    }

    [Fact]
    public void Decode_JsonThatIsNotAnObject_RefusedAsDamaged()
    {
        var encoded = "mlops-op-v1." + Convert.ToBase64String(Encoding.UTF8.GetBytes("[1,2]")).TrimEnd('=');

        var error = Assert.Throws<MlOpsValidationException>(() => OperationToken.Decode(encoded, "TrainingJob"));

        Assert.Contains("damaged", error.Message, StringComparison.Ordinal);
    }
}

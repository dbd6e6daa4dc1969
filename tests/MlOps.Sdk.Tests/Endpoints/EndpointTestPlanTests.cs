using MlOps.Sdk.Endpoints;

namespace MlOps.Sdk.Tests.Endpoints;

public sealed class EndpointTestPlanTests
{
    [Fact]
    public void FromJson_JsonBody_KeepsItsJsonText()
    {
        var plan = EndpointTestPlan.FromJson("""{"samples":[{"name":"a","body":{"x":[1,2]}}]}""");

        Assert.Equal("""{"x":[1,2]}""", plan.Samples[0].Body);
    }

    [Fact]
    public void FromJson_CsvStringBody_SendsTheStringItself()
    {
        var plan = EndpointTestPlan.FromJson("""{"contentType":"text/csv","samples":[{"name":"a","body":"1,2,3"}]}""");

        Assert.Equal("1,2,3", plan.Samples[0].Body);
        Assert.Equal("text/csv", plan.Samples[0].ContentType);
    }

    [Fact]
    public void FromJson_UnsupportedSchemaKeyword_ThrowsNamingIt()
    {
        var error = Assert.Throws<MlOpsValidationException>(() =>
            EndpointTestPlan.FromJson("""{"samples":[{"name":"a","body":{},"schema":{"type":"string","pattern":"^a"}}]}"""));

        Assert.Equal("samples[0].schema.pattern", error.FieldName);
    }

    [Fact]
    public void FromJson_NothingToInvoke_Throws()
    {
        Assert.Throws<MlOpsValidationException>(() => EndpointTestPlan.FromJson("{}"));
    }

    [Fact]
    public void FromJson_NotJson_ThrowsValidation()
    {
        Assert.Throws<MlOpsValidationException>(() => EndpointTestPlan.FromJson("samples: []"));
    }

    [Fact]
    public void FromJson_LatencyRequests_ReadsTheCount()
    {
        var plan = EndpointTestPlan.FromJson("""{"health":{"body":{}},"latency":{"requests":50}}""");

        Assert.Equal(50, plan.LatencyRequests);
    }
}

using System.Xml.Linq;
using MlOps.Sdk.Endpoints;

namespace MlOps.Sdk.Tests.Endpoints;

public sealed class EndpointTestJUnitTests
{
    private static readonly EndpointTestReport Report = new()
    {
        EndpointName = "churn-candidate-mr7",
        StartedAt = new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero),
        Health = new EndpointTestResult { Name = "health", Passed = true, Latency = TimeSpan.FromMilliseconds(5) },
        Samples =
        [
            new EndpointTestResult { Name = "row 1", Passed = true, Latency = TimeSpan.FromMilliseconds(2) },
            new EndpointTestResult { Name = "row <2>", Passed = false, Latency = TimeSpan.FromMilliseconds(3), ErrorCode = "ModelError", Message = "expected \"1\" & got 0" },
        ],
        Latency = LatencyReport.FromSamples([TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(3)], 0),
    };

    [Fact]
    public void ToXml_Report_HasOneTestCasePerCheckAndLatency()
    {
        var suite = XDocument.Parse(EndpointTestJUnit.ToXml(Report)).Root!.Element("testsuite")!;

        Assert.Equal(["health", "row 1", "row <2>", "latency"], suite.Elements("testcase").Select(c => (string)c.Attribute("name")!));
        Assert.Equal("4", (string)suite.Attribute("tests")!);
    }

    [Fact]
    public void ToXml_FailedCase_CarriesAFailureWithItsCodeAndMessage()
    {
        var failed = XDocument.Parse(EndpointTestJUnit.ToXml(Report)).Descendants("testcase").Single(c => (string)c.Attribute("name")! == "row <2>");

        var failure = failed.Element("failure")!;
        Assert.Equal("ModelError", (string)failure.Attribute("type")!);
        Assert.Equal("expected \"1\" & got 0", (string)failure.Attribute("message")!);
        Assert.Equal("1", (string)XDocument.Parse(EndpointTestJUnit.ToXml(Report)).Root!.Attribute("failures")!);
    }

    [Fact]
    public void ToXml_PassedCase_HasItsTimeInSecondsAndNoFailure()
    {
        var passed = XDocument.Parse(EndpointTestJUnit.ToXml(Report)).Descendants("testcase").First();

        Assert.Equal("0.005", (string)passed.Attribute("time")!);
        Assert.Null(passed.Element("failure"));
    }

    [Fact]
    public void ToXml_FailedLatencyRequests_FailTheLatencyCase()
    {
        var report = Report with { Latency = LatencyReport.FromSamples([TimeSpan.FromMilliseconds(1)], 2) };

        var latency = XDocument.Parse(EndpointTestJUnit.ToXml(report)).Descendants("testcase").Single(c => (string)c.Attribute("name")! == "latency");

        Assert.Equal("LatencyRequestsFailed", (string)latency.Element("failure")!.Attribute("type")!);
    }
}

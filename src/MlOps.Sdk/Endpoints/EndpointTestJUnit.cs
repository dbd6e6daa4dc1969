using System.Globalization;
using System.Xml.Linq;

namespace MlOps.Sdk.Endpoints;

/// <summary>
/// Writes an <see cref="EndpointTestReport"/> as JUnit XML, the format GitLab reads from <c>artifacts:reports:junit</c>
/// to show each test, passed or failed, in the merge request's test widget and the pipeline's Tests tab.
/// </summary>
public static class EndpointTestJUnit
{
    /// <summary>The report as a JUnit XML document: one test suite per endpoint, one test case per request checked.</summary>
    /// <param name="report">The report.</param>
    /// <returns>The XML text, UTF-8 declared.</returns>
    public static string ToXml(EndpointTestReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var className = $"endpoint.{report.EndpointName}";
        var cases = new List<XElement>();
        foreach (var result in new[] { report.Health }.Concat(report.Samples).OfType<EndpointTestResult>())
        {
            cases.Add(TestCase(className, result.Name, result.Latency, result.Passed ? null : (result.ErrorCode ?? "UnexpectedAnswer", result.Message ?? "failed")));
        }

        if (report.Latency is { } latency)
        {
            var summary = string.Create(CultureInfo.InvariantCulture, $"{latency.Requests} requests: p50 {latency.P50.TotalMilliseconds:0.0} ms, p90 {latency.P90.TotalMilliseconds:0.0} ms, p99 {latency.P99.TotalMilliseconds:0.0} ms");
            var element = TestCase(className, "latency", latency.Mean * latency.Requests, latency.Failures == 0 ? null : ("LatencyRequestsFailed", $"{latency.Failures} of {summary} failed"));
            element.Add(new XElement("system-out", summary));
            cases.Add(element);
        }

        var failures = cases.Count(c => c.Element("failure") is not null);
        var seconds = cases.Sum(c => double.Parse((string)c.Attribute("time")!, CultureInfo.InvariantCulture));
        var suite = new XElement(
            "testsuite",
            new XAttribute("name", $"endpoint tests: {report.EndpointName}"),
            new XAttribute("tests", cases.Count),
            new XAttribute("failures", failures),
            new XAttribute("errors", 0),
            new XAttribute("time", Seconds(seconds)),
            new XAttribute("timestamp", report.StartedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture)),
            cases);
        var document = new XDocument(
            new XDeclaration("1.0", "utf-8", null),
            new XElement("testsuites", new XAttribute("name", "endpoint tests"), new XAttribute("tests", cases.Count), new XAttribute("failures", failures), new XAttribute("time", Seconds(seconds)), suite));
        return document.Declaration + Environment.NewLine + document.ToString();
    }

    private static XElement TestCase(string className, string name, TimeSpan time, (string Type, string Message)? failure)
    {
        var element = new XElement("testcase", new XAttribute("classname", className), new XAttribute("name", name), new XAttribute("time", Seconds(time.TotalSeconds)));
        if (failure is { } f)
        {
            element.Add(new XElement("failure", new XAttribute("type", f.Type), new XAttribute("message", f.Message), f.Message));
        }

        return element;
    }

    private static string Seconds(double seconds) => seconds.ToString("0.######", CultureInfo.InvariantCulture);
}

using System.Net;
using System.Text;

namespace Churn.Endpoint.Server.Tests;

public sealed class ModelLoadingTests
{
    [Fact]
    public async Task Ping_NoModelInFolder_Returns503WithReason()
    {
        var emptyDirectory = Directory.CreateTempSubdirectory("endpoint-empty-").FullName;
        try
        {
            await using var factory = new ServerFactory(emptyDirectory);
            using var client = factory.CreateClient();
            await factory.WaitForModelAsync();

            using var response = await client.GetAsync("/ping");

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Contains("model.zip", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(emptyDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task Invocations_NoModel_Returns503NotACrash()
    {
        var emptyDirectory = Directory.CreateTempSubdirectory("endpoint-empty-").FullName;
        try
        {
            await using var factory = new ServerFactory(emptyDirectory);
            using var client = factory.CreateClient();
            await factory.WaitForModelAsync();

            using var response = await client.PostAsync("/invocations", new StringContent("[1, 2, 3, 4]", Encoding.UTF8, "application/json"));

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        }
        finally
        {
            Directory.Delete(emptyDirectory, recursive: true);
        }
    }
}

using System.Net;
using System.Text;

namespace BreastCancer.Endpoint.Server.Tests;

public sealed class ModelLoadingTests
{
    [Fact]
    public async Task Ping_NoModelInFolder_Returns503WithReason()
    {
        using var response = await WithoutModelAsync(client => client.GetAsync("/ping"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("model.zip", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invocations_NoModel_Returns503NotACrash()
    {
        using var response = await WithoutModelAsync(client =>
            client.PostAsync("/invocations", new StringContent("[1, 2, 3, 4]", Encoding.UTF8, "application/json")));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    // Serves an empty model folder, sends one request once loading has failed, and returns the buffered response.
    private static async Task<HttpResponseMessage> WithoutModelAsync(Func<HttpClient, Task<HttpResponseMessage>> send)
    {
        var emptyDirectory = Directory.CreateTempSubdirectory("endpoint-empty-").FullName;
        try
        {
            await using var factory = new ServerFactory(emptyDirectory);
            using var client = factory.CreateClient();
            await factory.WaitForModelAsync();
            var response = await send(client);
            await response.Content.LoadIntoBufferAsync();
            return response;
        }
        finally
        {
            Directory.Delete(emptyDirectory, recursive: true);
        }
    }
}

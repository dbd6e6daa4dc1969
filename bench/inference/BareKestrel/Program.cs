using System.Globalization;
using System.Net;

// Same host shape as the inference server (slim builder, loopback, no per-request logging, no per-request Activity), so
// the difference the benchmark measures is the server's own work: reading the body, parsing, predicting, writing.
var builder = WebApplication.CreateSlimBuilder(args);
var port = int.Parse(builder.Configuration["SAGEMAKER_BIND_TO_PORT"] ?? "8080", CultureInfo.InvariantCulture);
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.Listen(IPAddress.Loopback, port);
    kestrel.AddServerHeader = false;
});
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);

var app = builder.Build();
var answer = """{"predictions":[{"label":1,"probability":0.5,"score":0}]}"""u8.ToArray();
app.MapGet("/ping", () => Results.Ok());
app.MapPost("/invocations", (RequestDelegate)(context =>
{
    context.Response.ContentType = "application/json";
    context.Response.ContentLength = answer.Length;
    return context.Response.Body.WriteAsync(answer).AsTask();
}));
app.Run();

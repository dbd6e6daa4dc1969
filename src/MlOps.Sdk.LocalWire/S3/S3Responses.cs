using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;

namespace MlOps.Sdk.LocalWire.S3;

/// <summary>Writes S3's XML answers and errors.</summary>
internal static class S3Responses
{
    /// <summary>The namespace of S3's XML documents.</summary>
    public static readonly XNamespace Namespace = "http://s3.amazonaws.com/doc/2006-03-01/";

    /// <summary>Writes an XML document with status 200.</summary>
    /// <param name="context">The exchange.</param>
    /// <param name="root">The document's root element.</param>
    /// <returns>A task that completes once the body is written.</returns>
    public static Task WriteXmlAsync(HttpContext context, XElement root)
    {
        var bytes = Encoding.UTF8.GetBytes(new XDeclaration("1.0", "UTF-8", null) + root.ToString(SaveOptions.DisableFormatting));
        AddRequestId(context);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/xml";
        context.Response.ContentLength = bytes.Length;
        return context.Response.Body.WriteAsync(bytes, context.RequestAborted).AsTask();
    }

    /// <summary>Writes an S3 error document (no body for HEAD, as S3 does).</summary>
    /// <param name="context">The exchange.</param>
    /// <param name="error">The error.</param>
    /// <returns>A task that completes once the error is written.</returns>
    public static Task WriteErrorAsync(HttpContext context, S3Error error)
    {
        AddRequestId(context);
        context.Response.StatusCode = (int)error.StatusCode;
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return Task.CompletedTask;
        }

        var document = new XElement(
            "Error",
            new XElement("Code", error.Code),
            new XElement("Message", error.Message),
            error.Resource is null ? null : new XElement(error.Code == "NoSuchBucket" ? "BucketName" : error.Code == "NoSuchUpload" ? "UploadId" : "Key", error.Resource),
            new XElement("RequestId", context.Response.Headers["x-amz-request-id"].ToString()));
        var bytes = Encoding.UTF8.GetBytes(new XDeclaration("1.0", "UTF-8", null) + document.ToString(SaveOptions.DisableFormatting));
        context.Response.ContentType = "application/xml";
        context.Response.ContentLength = bytes.Length;
        return context.Response.Body.WriteAsync(bytes, context.RequestAborted).AsTask();
    }

    /// <summary>Adds the request ids S3 answers carry.</summary>
    /// <param name="context">The exchange.</param>
    public static void AddRequestId(HttpContext context)
    {
        if (!context.Response.Headers.ContainsKey("x-amz-request-id"))
        {
            context.Response.Headers["x-amz-request-id"] = Guid.NewGuid().ToString("N")[..16].ToUpperInvariant();
            context.Response.Headers["x-amz-id-2"] = Convert.ToBase64String(Guid.NewGuid().ToByteArray());
        }
    }
}

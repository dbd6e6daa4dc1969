namespace MlOps.Sdk.LocalWire.Protocol;

/// <summary>
/// The credential of a SigV4-signed request (<c>Credential=&lt;key&gt;/&lt;date&gt;/&lt;region&gt;/&lt;service&gt;/aws4_request</c>),
/// from the <c>Authorization</c> header or a presigned URL's <c>X-Amz-Credential</c>.
/// </summary>
/// <param name="AccessKeyId">The access key that signed.</param>
/// <param name="Date">The scope's date, <c>yyyyMMdd</c>.</param>
/// <param name="Region">The scope's region.</param>
/// <param name="Service">The signing name: <c>sagemaker</c> (control plane and runtime), <c>s3</c>, <c>logs</c>, <c>application-autoscaling</c>, <c>tagging</c>.</param>
internal sealed record SigV4Credential(string AccessKeyId, string Date, string Region, string Service);

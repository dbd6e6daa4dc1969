using System.Globalization;
using System.Text;

namespace MlOps.Sdk.LocalWire.Protocol;

/// <summary>
/// The opaque page tokens the server hands out: the offset of the next item of the listing. The ports list everything
/// (their callers never see a token), so the server pages the full listing; an offset stays right as long as the
/// listing does not change between pages, which is what AWS promises too.
/// </summary>
internal static class PageToken
{
    private const string Prefix = "mlops-local-offset:";

    /// <summary>The token of the page that starts at <paramref name="offset"/>.</summary>
    /// <param name="offset">The index of the page's first item.</param>
    /// <returns>The token.</returns>
    public static string Create(int offset) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(Prefix + offset.ToString(CultureInfo.InvariantCulture)));

    /// <summary>Reads a token back.</summary>
    /// <param name="token">The token the client sent.</param>
    /// <param name="offset">The offset it stands for.</param>
    /// <returns><see langword="false"/> when the server did not issue it.</returns>
    public static bool TryRead(string token, out int offset)
    {
        offset = 0;
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            return text.StartsWith(Prefix, StringComparison.Ordinal)
                && int.TryParse(text.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out offset);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}

using System.Text;
using System.Text.RegularExpressions;

namespace MlOps.Sdk.Tests.Fixtures;

/// <summary>Turns the Java regular expressions of AWS API models into .NET ones that match the same strings.</summary>
public static class JavaRegex
{
    // POSIX classes Java spells \p{Name}; .NET has no such names.
    private static readonly Dictionary<string, string> PosixClasses = new(StringComparer.Ordinal)
    {
        ["ASCII"] = @"\x00-\x7F",
        ["Print"] = @"\x20-\x7E",
        ["Graph"] = @"\x21-\x7E",
        ["Alnum"] = "a-zA-Z0-9",
        ["Alpha"] = "a-zA-Z",
        ["Digit"] = "0-9",
        ["Lower"] = "a-z",
        ["Upper"] = "A-Z",
        ["XDigit"] = "0-9a-fA-F",
        ["Space"] = @" \t\n\x0B\f\r",
        ["Cntrl"] = @"\x00-\x1F\x7F",
        ["Punct"] = @"!-/:-@\[-`{-~",
    };

    /// <summary>The .NET regex, anchored to the whole value, for a Java pattern of an API model.</summary>
    public static Regex ToAnchoredDotNet(string javaPattern)
    {
        // Java allows a meaningless quantifier after "$" ("...)${1,128}"); .NET refuses it.
        var pattern = Regex.Replace(javaPattern, @"\$\{\d+,\d+\}$", string.Empty)
            // Java matches code points (U+10000..U+10FFFF here); .NET matches UTF-16 chars, where they are surrogate pairs.
            .Replace(@"\uD800\uDC00-\uDBFF\uDFFF", @"\uD800-\uDFFF", StringComparison.Ordinal);
        var result = new StringBuilder();
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                var match = Regex.Match(pattern[i..], @"^\\p\{(?:Is)?(\w+)\}");
                if (match.Success && PosixClasses.TryGetValue(match.Groups[1].Value, out var range))
                {
                    result.Append(inClass ? range : "[" + range + "]");
                    i += match.Length - 1;
                    continue;
                }

                result.Append(c).Append(pattern[i + 1]);
                i++;
                continue;
            }

            if (c == '[')
            {
                inClass = true;
            }
            else if (c == ']')
            {
                inClass = false;
            }

            result.Append(c);
        }

        return new Regex($"^(?:{result})$", RegexOptions.CultureInvariant);
    }
}

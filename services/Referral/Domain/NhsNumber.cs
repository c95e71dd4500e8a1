namespace PeerPlatform.Referral.Domain;

/// <summary>
/// A ten-digit NHS number whose tenth digit is its Modulus 11 check digit: digits 1–9 are
/// weighted 10 down to 2, the sum is taken mod 11 and the check digit is 11 minus the remainder
/// (11 becomes 0; 10 means the number can never be valid).
/// </summary>
public readonly record struct NhsNumber
{
    private NhsNumber(string value) => Value = value;

    /// <summary>The ten digits without spaces.</summary>
    public string Value { get; }

    public static bool TryParse(string? input, out NhsNumber nhsNumber)
    {
        nhsNumber = default;
        if (string.IsNullOrWhiteSpace(input))
        {
            return false;
        }

        // Integrators send "943 476 5919" as often as "9434765919"; nothing else is tolerated.
        Span<char> digits = stackalloc char[10];
        var count = 0;
        foreach (var character in input)
        {
            if (character == ' ')
            {
                continue;
            }

            if (!char.IsAsciiDigit(character) || count == 10)
            {
                return false;
            }

            digits[count++] = character;
        }

        if (count != 10 || !HasValidCheckDigit(digits))
        {
            return false;
        }

        nhsNumber = new NhsNumber(new string(digits));
        return true;
    }

    public static bool IsValid(string? input) => TryParse(input, out _);

    private static bool HasValidCheckDigit(ReadOnlySpan<char> digits)
    {
        var sum = 0;
        for (var i = 0; i < 9; i++)
        {
            sum += (digits[i] - '0') * (10 - i);
        }

        var check = 11 - (sum % 11);
        if (check == 11)
        {
            check = 0;
        }

        return check != 10 && check == digits[9] - '0';
    }

    public override string ToString() => Value;
}

namespace PeerPlatform.TestSupport;

/// <summary>Valid NHS numbers for tests, so each test registers a client of its own.</summary>
public static class NhsNumbers
{
    // Unique() counts up from a random nine-digit start, so a process never repeats itself and two
    // runs against one database almost never meet.
    private static long next = System.Random.Shared.NextInt64(500_000_000);

    /// <summary>A random ten-digit number with a correct Modulus 11 check digit.</summary>
    public static string Random()
    {
        while (true)
        {
            if (WithCheckDigit(System.Random.Shared.NextInt64(1_000_000_000)) is { } number)
            {
                return number;
            }
        }
    }

    /// <summary>
    /// A valid number this process has not handed out before: for loads that register thousands of
    /// clients, where random numbers would collide now and then (about once in 20 benchmark runs)
    /// and be refused as already registered.
    /// </summary>
    public static string Unique()
    {
        while (true)
        {
            if (WithCheckDigit(Interlocked.Increment(ref next) % 1_000_000_000) is { } number)
            {
                return number;
            }
        }
    }

    /// <summary>The nine digits with their check digit, or null where none exists (remainder 1).</summary>
    private static string? WithCheckDigit(long firstNine)
    {
        var digits = firstNine.ToString("D9", System.Globalization.CultureInfo.InvariantCulture);
        var sum = 0;
        for (var i = 0; i < 9; i++)
        {
            sum += (digits[i] - '0') * (10 - i);
        }

        var check = 11 - (sum % 11);
        return check == 10 ? null : digits + (check == 11 ? 0 : check);
    }
}

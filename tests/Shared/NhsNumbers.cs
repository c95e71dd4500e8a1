namespace PeerPlatform.Tests;

/// <summary>Valid NHS numbers for tests, so each test registers a client of its own.</summary>
internal static class NhsNumbers
{
    /// <summary>A random ten-digit number with a correct Modulus 11 check digit.</summary>
    public static string Random()
    {
        while (true)
        {
            var digits = new int[9];
            var sum = 0;
            for (var i = 0; i < 9; i++)
            {
                digits[i] = System.Random.Shared.Next(10);
                sum += digits[i] * (10 - i);
            }

            var check = 11 - (sum % 11);
            if (check == 10)
            {
                continue;
            }

            return string.Concat(digits) + (check == 11 ? 0 : check);
        }
    }
}

using PeerPlatform.Referral.Domain;

namespace PeerPlatform.UnitTests.Referral;

public sealed class NhsNumberTests
{
    [Theory]
    [InlineData("9434765919")]   // NHS England's published example
    [InlineData("943 476 5919")] // as printed on letters
    [InlineData("4010232137")]
    [InlineData("9990000018")]   // sum 245, remainder 3, check 8
    public void Accepts_numbers_whose_check_digit_matches(string input)
    {
        Assert.True(NhsNumber.TryParse(input, out var nhsNumber));
        Assert.Equal(input.Replace(" ", ""), nhsNumber.Value);
    }

    [Theory]
    [InlineData("9434765918")]  // wrong check digit
    [InlineData("943476591")]   // nine digits
    [InlineData("94347659190")] // eleven digits
    [InlineData("94347659l9")]  // a letter
    [InlineData("943-476-5919")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void Rejects_malformed_numbers_or_wrong_check_digits(string? input)
    {
        Assert.False(NhsNumber.IsValid(input));
    }

    [Fact]
    public void Rejects_every_number_whose_check_digit_would_be_ten()
    {
        // 100000001x: weights 10..2 give 10 + 2 = 12 → 12 mod 11 = 1 → check 10: never valid.
        for (var digit = 0; digit <= 9; digit++)
        {
            Assert.False(NhsNumber.IsValid($"100000001{digit}"));
        }
    }

    [Fact]
    public void Maps_a_check_of_eleven_to_zero()
    {
        // 000000000x: sum 0 → remainder 0 → 11 − 0 = 11 → check digit 0.
        Assert.True(NhsNumber.IsValid("0000000000"));
        Assert.False(NhsNumber.IsValid("0000000001"));
    }

    [Fact]
    public void Agrees_with_the_reference_algorithm_for_many_numbers()
    {
        var random = new Random(20261126);
        for (var i = 0; i < 5000; i++)
        {
            var digits = string.Concat(Enumerable.Range(0, 10).Select(_ => (char)('0' + random.Next(10))));
            Assert.Equal(ReferenceIsValid(digits), NhsNumber.IsValid(digits));
        }
    }

    // Straight from the NHS number rule (digits 1–9 × weights 10..2, mod 11), written independently of the production code.
    private static bool ReferenceIsValid(string digits)
    {
        var sum = 0;
        for (var i = 0; i < 9; i++)
        {
            sum += int.Parse(digits[i].ToString()) * (10 - i);
        }

        var check = 11 - (sum % 11);
        check = check == 11 ? 0 : check;
        return check != 10 && check == int.Parse(digits[9].ToString());
    }

    [Fact]
    public void Test_and_benchmark_numbers_are_valid_and_unique_ones_never_repeat()
    {
        // The benchmark registers tens of thousands of clients; a repeat would be refused as
        // already registered and counted as a failed call.
        var unique = Enumerable.Range(0, 20_000).Select(_ => TestSupport.NhsNumbers.Unique()).ToList();
        Assert.All(unique, number => Assert.True(NhsNumber.IsValid(number), number));
        Assert.Equal(unique.Count, unique.Distinct().Count());
        Assert.All(Enumerable.Range(0, 1_000).Select(_ => TestSupport.NhsNumbers.Random()), number => Assert.True(NhsNumber.IsValid(number), number));
    }
}

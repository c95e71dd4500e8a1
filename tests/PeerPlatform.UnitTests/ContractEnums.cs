namespace PeerPlatform.UnitTests;

/// <summary>The APIs cast domain enums to contract enums; the names must line up value for value.</summary>
internal static class ContractEnums
{
    public static void AssertSameNumbering<TDomain, TContract>()
        where TDomain : struct, Enum
        where TContract : struct, Enum
    {
        foreach (var value in Enum.GetValues<TDomain>())
        {
            var contract = (TContract)(object)Convert.ToInt32(value);
            Assert.Equal(value.ToString(), contract.ToString());
        }

        Assert.Equal(Enum.GetValues<TDomain>().Length + 1, Enum.GetValues<TContract>().Length); // + UNSPECIFIED
    }
}

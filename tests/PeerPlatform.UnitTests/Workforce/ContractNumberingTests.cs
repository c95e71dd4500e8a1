using PeerPlatform.Workforce.Domain;
using C = PeerPlatform.Contracts.Workforce.V1;

namespace PeerPlatform.UnitTests.Workforce;

/// <summary>The API casts domain enums to contract enums; the names must line up value for value.</summary>
public sealed class ContractNumberingTests
{
    [Fact]
    public void Domain_and_contract_enums_share_their_numbering()
    {
        AssertSameNumbering<ServiceLine, C.ServiceLine>();
        AssertSameNumbering<VacancyStatus, C.VacancyStatus>();
        AssertSameNumbering<ApplicantStage, C.ApplicantStage>();
        AssertSameNumbering<CheckStatus, C.CheckStatus>();
        AssertSameNumbering<RejectionReason, C.RejectionReason>();
        AssertSameNumbering<EmploymentStatus, C.EmploymentStatus>();
    }

    private static void AssertSameNumbering<TDomain, TContract>()
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

using PeerPlatform.Workforce.Domain;
using C = PeerPlatform.Contracts.Workforce.V1;

namespace PeerPlatform.UnitTests.Workforce;

/// <summary>The API casts domain enums to contract enums; the names must line up value for value.</summary>
public sealed class ContractNumberingTests
{
    [Fact]
    public void Domain_and_contract_enums_share_their_numbering()
    {
        ContractEnums.AssertSameNumbering<ServiceLine, C.ServiceLine>();
        ContractEnums.AssertSameNumbering<VacancyStatus, C.VacancyStatus>();
        ContractEnums.AssertSameNumbering<ApplicantStage, C.ApplicantStage>();
        ContractEnums.AssertSameNumbering<CheckStatus, C.CheckStatus>();
        ContractEnums.AssertSameNumbering<RejectionReason, C.RejectionReason>();
        ContractEnums.AssertSameNumbering<EmploymentStatus, C.EmploymentStatus>();
    }
}

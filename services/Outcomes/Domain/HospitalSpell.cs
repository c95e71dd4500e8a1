using PeerPlatform.SharedKernel;
using C = PeerPlatform.Contracts.Outcomes.V1;

namespace PeerPlatform.Outcomes.Domain;

/// <summary>An inpatient stay sent by the trust: admitted, discharged (open while still in hospital).</summary>
public sealed class HospitalSpell
{
    public Guid Id { get; init; }

    public required string ProviderSpellId { get; init; }

    public Guid ClientId { get; set; }

    public DateOnly AdmittedOn { get; set; }

    public DateOnly? DischargedOn { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Whether two stays share a night or start on the same day (a discharge and readmission on one day do not overlap).</summary>
    public bool Overlaps(DateOnly admittedOn, DateOnly? dischargedOn) =>
        admittedOn == AdmittedOn || (admittedOn < (DischargedOn ?? DateOnly.MaxValue) && AdmittedOn < (dischargedOn ?? DateOnly.MaxValue));

    public C.HospitalSpell ToContract(bool unchanged = false) => new()
    {
        SpellId = Id.ToString(),
        ProviderSpellId = ProviderSpellId,
        ClientId = ClientId.ToString(),
        AdmittedOn = AdmittedOn.ToIsoDate(),
        DischargedOn = DischargedOn.ToIsoDate(),
        Unchanged = unchanged,
    };
}

using Google.Protobuf.WellKnownTypes;
using PeerPlatform.SharedKernel;
using PeerPlatform.Workforce.Domain;
using C = PeerPlatform.Contracts.Workforce.V1;

namespace PeerPlatform.Workforce;

/// <summary>Domain to v1 contract. Enum numbering matches the proto (a unit test checks it).</summary>
internal static class WorkforceMapping
{
    public static C.Team ToContract(this Team team) => new()
    {
        TeamId = team.Id.ToString(),
        Name = team.Name,
        Locality = team.Locality,
        ServiceLine = (C.ServiceLine)team.ServiceLine,
        TrainingDeliveredOn = team.TrainingDeliveredOn.ToIsoDate(),
        TrainingAttendees = team.TrainingAttendees,
        RoleDescriptionVersion = team.RoleDescriptionVersion ?? "",
        RoleDescriptionAgreedOn = team.RoleDescriptionAgreedOn.ToIsoDate(),
        RoleDescriptionAgreedBy = team.RoleDescriptionAgreedBy ?? "",
        ReadyForPeerWorkers = team.IsReadyForPeerWorkers,
    };

    public static C.Vacancy ToContract(this Vacancy vacancy) => new()
    {
        VacancyId = vacancy.Id.ToString(),
        TeamId = vacancy.TeamId.ToString(),
        ContractedHours = (double)vacancy.ContractedHours,
        ClosingDate = vacancy.ClosingDate.ToIsoDate(),
        Status = (C.VacancyStatus)vacancy.Status,
    };

    public static C.Applicant ToContract(this Applicant applicant) => new()
    {
        ApplicantId = applicant.Id.ToString(),
        VacancyId = applicant.VacancyId.ToString(),
        GivenName = applicant.GivenName,
        FamilyName = applicant.FamilyName,
        DeclaresLivedExperience = applicant.DeclaresLivedExperience,
        Stage = (C.ApplicantStage)applicant.Stage,
        ReferencesCheck = (C.CheckStatus)applicant.ReferencesCheck,
        DbsCheck = (C.CheckStatus)applicant.DbsCheck,
        RejectionReason = applicant.RejectionReason is { } reason ? (C.RejectionReason)reason : C.RejectionReason.Unspecified,
        OutcomeNote = applicant.OutcomeNote ?? "",
        PeerWorkerId = applicant.PeerWorkerId?.ToString() ?? "",
        AppliedAt = Timestamp.FromDateTimeOffset(applicant.AppliedAt),
    };

    public static C.PeerWorker ToContract(this PeerWorker worker) => new()
    {
        WorkerId = worker.Id.ToString(),
        TeamId = worker.TeamId.ToString(),
        ContractedHours = (double)worker.ContractedHours,
        StartDate = worker.StartDate.ToIsoDate(),
        Status = (C.EmploymentStatus)worker.Status,
        Capacity = worker.Capacity,
        CurrentCaseload = worker.CurrentCaseload,
        Ready = worker.TrainingComplete,
        LeftOn = worker.LeftOn.ToIsoDate(),
        Attributes = new C.MatchingAttributes
        {
            Gender = worker.Gender,
            Languages = { worker.Languages },
            LivedExperienceAreas = { worker.LivedExperienceAreas },
            Localities = { worker.Localities },
        },
    };

    public static C.TrainingModule ToContract(this TrainingModule module) => new()
    {
        ModuleId = module.Id.ToString(),
        Name = module.Name,
        Mandatory = module.Mandatory,
        Hours = (double)module.Hours,
    };

    public static C.CaseloadReservation ToContract(this CaseloadReservation reservation) => new()
    {
        ReservationId = reservation.Id.ToString(),
        WorkerId = reservation.PeerWorkerId.ToString(),
        IdempotencyKey = reservation.IdempotencyKey,
        ReferralId = reservation.ReferralId.ToString(),
        ReservedAt = Timestamp.FromDateTimeOffset(reservation.ReservedAt),
        ReleasedAt = reservation.ReleasedAt is { } released ? Timestamp.FromDateTimeOffset(released) : null,
    };
}

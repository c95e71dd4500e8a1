using Google.Protobuf.WellKnownTypes;
using PeerPlatform.SharedKernel;
using PeerPlatform.Supervision.Domain;
using C = PeerPlatform.Contracts.Supervision.V1;

namespace PeerPlatform.Supervision;

/// <summary>Domain to v1 contract. Enum numbering matches the proto (a unit test checks it).</summary>
internal static class SupervisionMapping
{
    public static C.PartnerOrganisation ToContract(this PartnerOrganisation organisation) => new()
    {
        OrganisationId = organisation.Id,
        Name = organisation.Name,
        Kind = (C.OrganisationKind)organisation.Kind,
        Active = organisation.Active,
        RegisteredAt = Timestamp.FromDateTimeOffset(organisation.RegisteredAt),
    };

    public static C.Supervisor ToContract(this Supervisor supervisor) => new()
    {
        SupervisorId = supervisor.Id.ToString(),
        OrganisationId = supervisor.OrganisationId,
        GivenName = supervisor.GivenName,
        FamilyName = supervisor.FamilyName,
        Active = supervisor.Active,
        TrainedOn = supervisor.TrainedOn.ToIsoDate(),
        TrainingCourse = supervisor.TrainingCourse ?? "",
    };

    public static C.Agreement ToContract(this Agreement agreement) => new()
    {
        AgreementId = agreement.Id.ToString(),
        OrganisationId = agreement.OrganisationId,
        WorkerId = agreement.WorkerId.ToString(),
        FrequencyDays = agreement.FrequencyDays,
        StartsOn = agreement.StartsOn.ToIsoDate(),
        EndsOn = agreement.EndsOn.ToIsoDate(),
        EndReason = (C.AgreementEndReason)(agreement.EndReason ?? 0),
    };

    /// <summary>Notes and actions only when <paramref name="withConfidential"/> (the owning organisation).</summary>
    public static C.Session ToContract(this SupervisionSession session, bool withConfidential)
    {
        var contract = new C.Session
        {
            SessionId = session.Id.ToString(),
            OrganisationId = session.PartnerOrganisationId,
            SupervisorId = session.SupervisorId.ToString(),
            Kind = (C.SessionKind)session.Kind,
            ScheduledFor = Timestamp.FromDateTimeOffset(session.ScheduledFor),
            DurationMinutes = session.DurationMinutes,
            Status = (C.SessionStatus)session.Status,
            CancellationReason = session.CancellationReason ?? "",
            ConfidentialContentWithheld = !withConfidential && session.HasConfidentialContent,
        };
        contract.WorkerIds.AddRange(session.AttendeeWorkerIds.Select(id => id.ToString()));
        contract.AbsentWorkerIds.AddRange(session.AbsentWorkerIds.Select(id => id.ToString()));
        contract.Themes.AddRange(session.Themes.Select(t => (C.SupervisionTheme)t));
        if (withConfidential)
        {
            contract.ConfidentialNotes = session.ConfidentialNotes;
            contract.Actions.AddRange(session.Actions.Select(a => new C.SessionAction
            {
                ActionId = a.Id.ToString(),
                Description = a.Description,
                DueOn = a.DueOn.ToIsoDate(),
                CompletedOn = a.CompletedOn.ToIsoDate(),
            }));
        }

        return contract;
    }

    /// <summary>Notes only when <paramref name="withNotes"/> (the organisation that raised it).</summary>
    public static C.Concern ToContract(this Concern concern, bool withNotes) => new()
    {
        ConcernId = concern.Id.ToString(),
        OrganisationId = concern.OrganisationId,
        WorkerId = concern.WorkerId.ToString(),
        SessionId = concern.SessionId?.ToString() ?? "",
        Category = (C.ConcernCategory)concern.Category,
        Urgency = (C.ConcernUrgency)concern.Urgency,
        Status = (C.ConcernStatus)concern.Status,
        RaisedAt = Timestamp.FromDateTimeOffset(concern.RaisedAt),
        AcknowledgedAt = concern.AcknowledgedAt is { } at ? Timestamp.FromDateTimeOffset(at) : null,
        Notes = withNotes ? concern.Notes : "",
        NotesWithheld = !withNotes && concern.Notes.Length > 0,
    };

    public static C.WorkerCompliance ToContract(this WorkerCompliance compliance, Agreement agreement, DateOnly asOf) => new()
    {
        WorkerId = compliance.WorkerId.ToString(),
        AgreementId = agreement.Id.ToString(),
        OrganisationId = agreement.OrganisationId,
        FrequencyDays = agreement.FrequencyDays,
        LastHeldOn = compliance.LastHeldOn.ToIsoDate(),
        DaysSinceLastHeld = compliance.DaysSinceLastHeld ?? -1,
        Overdue = compliance.Overdue,
        DueBy = compliance.DueBy.ToIsoDate(),
        AsOf = asOf.ToIsoDate(),
    };
}

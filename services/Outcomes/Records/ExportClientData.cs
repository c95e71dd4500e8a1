using System.Text.Json;
using FluentValidation;
using Google.Protobuf.WellKnownTypes;
using Microsoft.EntityFrameworkCore;
using PeerPlatform.Auditing;
using PeerPlatform.Grpc;
using PeerPlatform.Outcomes.Data;
using R = PeerPlatform.Contracts.Records.V1;

namespace PeerPlatform.Outcomes.Records;

internal sealed class ExportClientDataValidator : AbstractValidator<R.ExportClientDataRequest>
{
    public ExportClientDataValidator()
    {
        RuleFor(r => r.ClientId).RecordId("a client");
        RuleFor(r => r.ExportId).RecordId("an export").When(r => r.ExportId.Length > 0);
    }
}

/// <summary>
/// Everything Outcomes holds about one client, for a subject access export: the progress of their
/// referrals (dates and codes), hospital spells, questionnaire responses with every answer, and
/// the audit records of access to them. Audited as a read of the client.
/// </summary>
internal sealed class ExportClientDataHandler(OutcomesDbContext db, IAuditTrail audit, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<R.ClientDataExport> HandleAsync(R.ExportClientDataRequest request, CancellationToken cancellationToken)
    {
        var clientId = Guid.Parse(request.ClientId);
        var referrals = await db.Referrals.AsNoTracking().Where(r => r.ClientId == clientId).OrderBy(r => r.ReceivedAt).ToListAsync(cancellationToken);
        var spells = await db.HospitalSpells.AsNoTracking().Where(s => s.ClientId == clientId).OrderBy(s => s.AdmittedOn).ToListAsync(cancellationToken);
        var responses = await db.QuestionnaireResponses.AsNoTracking().Where(r => r.SubjectId == clientId).OrderBy(r => r.CompletedOn).ToListAsync(cancellationToken);
        string[] recordIds = [request.ClientId, .. spells.Select(s => s.Id.ToString()), .. responses.Select(r => r.Id.ToString()), .. referrals.Select(r => r.ReferralId.ToString())];
        var auditRecords = await db.Set<AuditRecord>().AsNoTracking().Where(a => recordIds.Contains(a.RecordId)).OrderBy(a => a.Id).ToListAsync(cancellationToken);
        audit.Add(AuditedRecords.Client, request.ClientId, AuditAction.Read);
        await db.SaveChangesAsync(cancellationToken);

        return new R.ClientDataExport
        {
            Source = "outcomes",
            GatheredAt = Timestamp.FromDateTimeOffset(clock.GetUtcNow()),
            Sections =
            {
                Section("referral_progress", "How each referral progressed, as the programme's figures count it (dates and codes).", referrals.Select(r => new { r.ReferralId, r.Source, r.Priority, r.ReceivedAt, r.InformationGivenOn, r.Consented, r.AcceptedAt, r.DeclineOutcome, r.WithdrawnAt, r.WorkerId, r.FirstContactAt, r.EndedAt, r.EndReason })),
                Section("hospital_spells", "Inpatient stays the trust sent: admitted and discharged.", spells.Select(s => new { s.Id, s.ProviderSpellId, s.AdmittedOn, s.DischargedOn, s.UpdatedAt })),
                Section("questionnaire_responses", "Questionnaires completed, with every answer and the score.", responses.Select(r => new { r.Id, r.InstrumentId, r.InstrumentVersion, r.About, Occasion = r.Occasion.ToString(), r.CompletedOn, r.Answers, r.RawScore, r.Score, r.ExternalResponseId, r.ReceivedAt })),
                Section("audit_records", "Every recorded access to these records in the Outcomes service.", auditRecords.Select(a => new { a.OccurredAt, a.ClientId, a.Role, a.PartnerOrganisation, a.PersonId, a.RecordType, a.RecordId, Action = a.Action.ToString(), Outcome = a.Outcome.ToString() })),
            },
        };
    }

    private static R.RecordSection Section<T>(string name, string description, IEnumerable<T> records)
    {
        var array = JsonSerializer.SerializeToNode(records.ToList(), Json)!.AsArray();
        return new R.RecordSection { Name = name, Description = description, RecordCount = array.Count, Json = array.ToJsonString() };
    }
}

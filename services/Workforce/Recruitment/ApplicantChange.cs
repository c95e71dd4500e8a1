using PeerPlatform.Auditing;
using PeerPlatform.Workforce.Data;
using PeerPlatform.Workforce.Domain;
using C = PeerPlatform.Contracts.Workforce.V1;

namespace PeerPlatform.Workforce.Recruitment;

/// <summary>
/// One step of an application: loads the applicant, applies the change (the aggregate checks the
/// stage rules) and commits it with its audit record. Applicants' names are personal data.
/// </summary>
internal sealed class ApplicantChange(WorkforceDbContext db, IAuditTrail audit)
{
    public async Task<C.Applicant> ApplyAsync(string applicantId, Action<Applicant> change, CancellationToken cancellationToken)
    {
        var applicant = await db.FindApplicantAsync(applicantId, cancellationToken);
        change(applicant);
        audit.Add(AuditedRecords.Applicant, applicantId, AuditAction.Update);
        await db.SaveChangesAsync(cancellationToken);
        return applicant.ToContract();
    }
}

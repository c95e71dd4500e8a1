using Microsoft.EntityFrameworkCore;
using PeerPlatform.SharedKernel;
using PeerPlatform.Workforce.Data;
using PeerPlatform.Workforce.Domain;

namespace PeerPlatform.Workforce.Recruitment;

internal static class ApplicantLookup
{
    /// <summary>The applicant with this id, tracked, or NotFound.</summary>
    public static async Task<Applicant> FindApplicantAsync(this WorkforceDbContext db, string id, CancellationToken cancellationToken) =>
        await db.Applicants.SingleOrDefaultAsync(a => a.Id == Guid.Parse(id), cancellationToken)
        ?? throw new NotFoundException("Applicant", id);
}

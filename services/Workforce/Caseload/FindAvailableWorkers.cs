using FluentValidation;
using Microsoft.EntityFrameworkCore;
using PeerPlatform.Workforce.Data;
using PeerPlatform.Workforce.Domain;
using C = PeerPlatform.Contracts.Workforce.V1;

namespace PeerPlatform.Workforce.Caseload;

internal sealed class FindAvailableWorkersValidator : AbstractValidator<C.FindAvailableWorkersRequest>
{
    public FindAvailableWorkersValidator()
    {
        RuleFor(r => r).Must(r => (r.TeamId.Length > 0) != (r.Locality.Length > 0))
            .OverridePropertyName("team_id").WithMessage("Give either team_id or locality, not both.");
        RuleFor(r => r.TeamId).Must(id => id.Length == 0 || Guid.TryParse(id, out _)).WithMessage("Must be a team id (a UUID).");
        RuleFor(r => r.Locality).MaximumLength(100);
        RuleFor(r => r.PreferredGender).MaximumLength(40);
        RuleFor(r => r.PreferredLanguage).MaximumLength(60);
        RuleFor(r => r.LivedExperienceAreas).Must(a => a.Count <= 20).WithMessage("At most 20 areas.");
        RuleFor(r => r.MaxResults).InclusiveBetween(0, 50);
    }
}

/// <summary>Active, trained workers with a free slot in a team or locality, ranked by fit with the client's preferences.</summary>
internal sealed class FindAvailableWorkersHandler(WorkforceDbContext db)
{
    public async Task<C.FindAvailableWorkersResponse> HandleAsync(C.FindAvailableWorkersRequest request, CancellationToken cancellationToken)
    {
        var query = db.PeerWorkers.AsNoTracking()
            .Where(w => w.Status == EmploymentStatus.Active && w.TrainingComplete && w.CurrentCaseload < w.Capacity);
        if (request.TeamId.Length > 0)
        {
            var teamId = Guid.Parse(request.TeamId);
            query = query.Where(w => w.TeamId == teamId);
        }
        else
        {
            var locality = request.Locality.Trim().ToLowerInvariant();
            query = query.Where(w => w.Localities.Contains(locality));
        }

        var candidates = await query.ToListAsync(cancellationToken);
        var ranked = WorkerMatching.Rank(candidates, new ClientPreferences(request.PreferredGender, request.PreferredLanguage, request.LivedExperienceAreas));
        var response = new C.FindAvailableWorkersResponse();
        response.Workers.AddRange(ranked.Take(request.MaxResults > 0 ? request.MaxResults : 10).Select(r => new C.AvailableWorker
        {
            Worker = r.Worker.ToContract(),
            FitScore = r.FitScore,
            FreeCapacity = r.Worker.FreeCapacity,
        }));
        return response;
    }
}

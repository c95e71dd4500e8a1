using FluentValidation;
using PeerPlatform.Grpc;
using PeerPlatform.Workforce.Data;
using C = PeerPlatform.Contracts.Workforce.V1;

namespace PeerPlatform.Workforce.Workers;

internal sealed class GetWorkerValidator : AbstractValidator<C.GetWorkerRequest>
{
    public GetWorkerValidator() => RuleFor(r => r.WorkerId).RecordId("a worker");
}

internal sealed class GetWorkerHandler(WorkforceDbContext db)
{
    public async Task<C.PeerWorker> HandleAsync(C.GetWorkerRequest request, CancellationToken cancellationToken) =>
        (await db.FindWorkerAsync(request.WorkerId, cancellationToken, tracked: false)).ToContract();
}

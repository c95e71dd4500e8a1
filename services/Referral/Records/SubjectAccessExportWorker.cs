using Google.Protobuf;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PeerPlatform.Messaging;
using PeerPlatform.Referral.Data;
using PeerPlatform.Referral.Domain;
using R = PeerPlatform.Contracts.Records.V1;

namespace PeerPlatform.Referral.Records;

/// <summary>Wakes the export worker when an export is started.</summary>
internal sealed class ExportSignal : WakeSignal
{
    public void Wake() => Notify();
}

/// <summary>
/// Runs subject access exports. Each source's part is committed as soon as it is gathered, so a
/// restart carries on with the parts still missing; a source that is down (UNAVAILABLE, a
/// timeout) is asked again on the next pass, one that refuses fails the export. When every part
/// is in, the archive is written and the gathered parts are cleared. Ready archives past their
/// retention are deleted. A lease on the export keeps two replicas from working on one at once.
/// </summary>
internal sealed class SubjectAccessExportWorker(IServiceScopeFactory scopes, ExportSignal signal, IOptions<RecordsOptions> options, TimeProvider clock, ILogger<SubjectAccessExportWorker> logger) : BackgroundService
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan SourceDeadline = TimeSpan.FromSeconds(10);
    private static readonly JsonFormatter PartJson = new(JsonFormatter.Settings.Default);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PassAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                logger.LogError(exception, "Subject access export pass failed; retrying on the next pass");
            }

            await signal.WaitAsync(options.Value.ExportPollInterval, stoppingToken);
        }
    }

    private async Task PassAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReferralDbContext>();
        var now = clock.GetUtcNow();
        var expired = await db.SubjectAccessExports.Where(e => e.Status == ExportStatus.Ready && e.ExpiresAt < now).Select(e => e.Id).ToListAsync(cancellationToken);
        if (expired.Count > 0)
        {
            await db.ExportArchives.Where(a => expired.Contains(a.ExportId)).ExecuteDeleteAsync(cancellationToken);
            await db.SubjectAccessExports.Where(e => expired.Contains(e.Id)).ExecuteUpdateAsync(s => s.SetProperty(e => e.Status, ExportStatus.Expired), cancellationToken);
            logger.LogInformation("Deleted {Count} subject access archives at the end of their retention", expired.Count);
        }

        var pending = await db.SubjectAccessExports.Where(e => e.Status == ExportStatus.Pending).OrderBy(e => e.RequestedAt).Select(e => e.Id).ToListAsync(cancellationToken);
        foreach (var id in pending)
        {
            if (await ClaimAsync(db, id, cancellationToken))
            {
                await using var jobScope = scopes.CreateAsyncScope();
                await RunAsync(jobScope.ServiceProvider, id, cancellationToken);
                await db.SubjectAccessExports.Where(e => e.Id == id).ExecuteUpdateAsync(s => s.SetProperty(e => e.LeasedUntil, (DateTimeOffset?)null), CancellationToken.None);
            }
        }
    }

    private async Task<bool> ClaimAsync(ReferralDbContext db, Guid id, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return await db.SubjectAccessExports
            .Where(e => e.Id == id && e.Status == ExportStatus.Pending && (e.LeasedUntil == null || e.LeasedUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.LeasedUntil, now + Lease), cancellationToken) == 1;
    }

    private async Task RunAsync(IServiceProvider services, Guid id, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<ReferralDbContext>();
        var export = await db.SubjectAccessExports.Include(e => e.Parts).SingleAsync(e => e.Id == id, cancellationToken);
        foreach (var part in export.MissingParts())
        {
            try
            {
                var gathered = await GatherAsync(services, part.Source, export, cancellationToken);
                part.Json = PartJson.Format(gathered);
                part.RecordCount = gathered.Sections.Sum(s => s.RecordCount);
                part.GatheredAt = clock.GetUtcNow();
                part.LastError = null;
            }
            catch (RpcException exception) when (IsPassing(exception.StatusCode))
            {
                part.Attempts++;
                part.LastError = $"{exception.StatusCode}: the source did not answer; asked again on the next pass";
                logger.LogWarning("Subject access export {ExportId}: source {Source} did not answer ({Status}); attempt {Attempt}", id, part.Source, exception.StatusCode, part.Attempts);
            }
            catch (HttpRequestException exception)
            {
                part.Attempts++;
                part.LastError = $"No service token from Identity ({(int?)exception.StatusCode}); asked again on the next pass";
                logger.LogWarning(exception, "Subject access export {ExportId}: no service token for {Source}; attempt {Attempt}", id, part.Source, part.Attempts);
            }
            catch (RpcException exception)
            {
                export.Fail($"The {part.Source} service refused: {exception.StatusCode} {exception.Status.Detail}", clock.GetUtcNow());
            }

            // Each part is saved as it comes, so a restart resumes from the parts still missing.
            await db.SaveChangesAsync(cancellationToken);
            if (export.Status == ExportStatus.Failed)
            {
                return;
            }
        }

        if (export.MissingParts().Count == 0)
        {
            byte[] archive;
            try
            {
                // In the order the manifest lists the sources.
                var parts = ClientDataSources.All.Select(source => R.ClientDataExport.Parser.ParseJson(export.Parts.Single(p => p.Source == source).Json!)).ToList();
                archive = ExportArchiveWriter.Write(export, parts, clock.GetUtcNow());
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // A fault of ours, not a source's: trying again would fail the same way.
                logger.LogError(exception, "Subject access export {ExportId}: the archive could not be written", id);
                export.Fail("The archive could not be written; the service's log has the error for this export id.", clock.GetUtcNow());
                await db.SaveChangesAsync(cancellationToken);
                return;
            }

            db.ExportArchives.Add(export.Complete(archive, clock.GetUtcNow(), TimeSpan.FromDays(options.Value.ExportRetentionDays)));
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("Subject access export {ExportId} is ready ({Bytes} bytes)", id, archive.Length);
        }
    }

    private static async Task<R.ClientDataExport> GatherAsync(IServiceProvider services, string source, SubjectAccessExport export, CancellationToken cancellationToken) => source switch
    {
        ClientDataSources.Referral => await services.GetRequiredService<ReferralClientData>().GatherAsync(export.ClientId, cancellationToken),
        ClientDataSources.Outcomes => await services.GetRequiredService<R.ClientDataSource.ClientDataSourceClient>().ExportClientDataAsync(
            new R.ExportClientDataRequest { ClientId = export.ClientId.ToString(), ExportId = export.Id.ToString() },
            deadline: DateTime.UtcNow + SourceDeadline,
            cancellationToken: cancellationToken),
        _ => throw new InvalidOperationException($"Unknown source {source}."),
    };

    private static bool IsPassing(StatusCode status) =>
        status is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.ResourceExhausted or StatusCode.Aborted or StatusCode.Internal or StatusCode.Unknown;
}

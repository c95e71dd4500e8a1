using Microsoft.EntityFrameworkCore;
using PeerPlatform.ServiceDefaults.Telemetry;
using PeerPlatform.Supervision.Data;
using PeerPlatform.Supervision.Domain;

namespace PeerPlatform.Supervision.Figures;

internal static class OverdueGauge
{
    public const string MeterName = "PeerPlatform.Supervision";

    /// <summary>
    /// "peer.supervision.overdue": peer workers whose supervision is overdue today, per partner
    /// organisation (every organisation with an agreement in force reports, 0 included), read the
    /// same way as the compliance figures.
    /// </summary>
    public static IServiceCollection AddOverdueGauge(this IServiceCollection services) =>
        services.AddSampledGauge(MeterName, "peer.supervision.overdue", "{worker}", "Peer workers whose supervision is overdue today, by partner organisation",
            async (provider, cancellationToken) =>
            {
                var db = provider.GetRequiredService<SupervisionDbContext>();
                var today = Compliance.LocalDate(provider.GetRequiredService<TimeProvider>().GetUtcNow());
                var standings = await ComplianceFigures.StandingsAsync(db, ComplianceFigures.ActiveOn(db.Agreements.AsNoTracking(), today), cancellationToken);
                return [.. standings
                    .GroupBy(s => s.Agreement.OrganisationId)
                    .Select(organisation => SampledGaugeExtensions.Reading(
                        organisation.Count(s => s.ComplianceOn(today).Overdue), ("organisation", organisation.Key)))];
            });
}

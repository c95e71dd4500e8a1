using Microsoft.EntityFrameworkCore;
using PeerPlatform.Integrations.Data;
using PeerPlatform.Integrations.Domain;
using PeerPlatform.Security;
using PeerPlatform.SharedKernel;

namespace PeerPlatform.Integrations.Webhooks;

/// <summary>
/// The subscriptions a caller may see: a partner organisation's own, a trust system's own (by its
/// client id), every one for operators. Anyone else's id answers NOT_FOUND.
/// </summary>
internal sealed class SubscriptionScope(IntegrationsDbContext db, Caller caller)
{
    public IQueryable<Subscription> Subscriptions
    {
        get
        {
            if (caller.IsInRole(PeerRoles.Operator))
            {
                return db.Subscriptions;
            }

            if (caller.IsInRole(PeerRoles.Partner))
            {
                var organisation = caller.PartnerOrganisation ?? "";
                return db.Subscriptions.Where(s => s.OrganisationId == organisation);
            }

            var client = caller.ClientId;
            return db.Subscriptions.Where(s => s.OrganisationId == null && s.OwnerClientId == client);
        }
    }

    /// <summary>The organisation a new subscription belongs to: the partner's own, none for the trust.</summary>
    public string? OwnOrganisation => caller.IsInRole(PeerRoles.Partner) ? caller.PartnerOrganisation : null;

    public bool IsPartner => caller.IsInRole(PeerRoles.Partner);

    public string ClientId => caller.ClientId;

    public async Task<Subscription> FindAsync(string subscriptionId, CancellationToken cancellationToken)
    {
        var id = Guid.Parse(subscriptionId);
        return await Subscriptions.SingleOrDefaultAsync(s => s.Id == id, cancellationToken)
            ?? throw new NotFoundException("Subscription", subscriptionId);
    }

    /// <summary>A partner may subscribe only to events about organisations (its own, by the delivery rules).</summary>
    public void EnsureMaySubscribe(IReadOnlyList<string> eventTypes)
    {
        if (!IsPartner)
        {
            return;
        }

        var refused = eventTypes
            .Select((type, index) => (Type: type, Index: index))
            .Where(t => EventCatalogue.Named(t.Type) is { PartnerVisible: false })
            .Select(t => ($"event_types[{t.Index}]", $"Partner organisations may not subscribe to '{t.Type}': it is not about an organisation."))
            .ToList();
        if (refused.Count > 0)
        {
            throw Grpc.GrpcErrorInterceptor.InvalidArgument(refused);
        }
    }
}

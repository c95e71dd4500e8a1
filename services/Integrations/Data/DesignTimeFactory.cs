using PeerPlatform.Persistence;

namespace PeerPlatform.Integrations.Data;

internal sealed class DesignTimeFactory : PeerDesignTimeFactory<IntegrationsDbContext>;

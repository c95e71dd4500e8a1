using PeerPlatform.Persistence;

namespace PeerPlatform.Workforce.Data;

internal sealed class DesignTimeFactory : PeerDesignTimeFactory<WorkforceDbContext>;

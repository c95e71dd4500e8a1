using PeerPlatform.Persistence;

namespace PeerPlatform.Supervision.Data;

internal sealed class DesignTimeFactory : PeerDesignTimeFactory<SupervisionDbContext>;

using PeerPlatform.ServiceDefaults;

namespace PeerPlatform.Supervision.Data;

internal sealed class DesignTimeFactory : PeerDesignTimeFactory<SupervisionDbContext>;

using PeerPlatform.ServiceDefaults;

namespace PeerPlatform.Workforce.Data;

internal sealed class DesignTimeFactory : PeerDesignTimeFactory<WorkforceDbContext>;

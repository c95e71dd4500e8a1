using PeerPlatform.ServiceDefaults;

namespace PeerPlatform.Outcomes.Data;

internal sealed class DesignTimeFactory : PeerDesignTimeFactory<OutcomesDbContext>;

using PeerPlatform.Persistence;

namespace PeerPlatform.Outcomes.Data;

internal sealed class DesignTimeFactory : PeerDesignTimeFactory<OutcomesDbContext>;

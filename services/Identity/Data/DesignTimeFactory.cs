using PeerPlatform.Persistence;

namespace PeerPlatform.Identity.Data;

internal sealed class DesignTimeFactory : PeerDesignTimeFactory<IdentityDbContext>;

using PeerPlatform.ServiceDefaults;

namespace PeerPlatform.Identity.Data;

internal sealed class DesignTimeFactory : PeerDesignTimeFactory<IdentityDbContext>;

using PeerPlatform.ServiceDefaults;

namespace PeerPlatform.Referral.Data;

internal sealed class DesignTimeFactory : PeerDesignTimeFactory<ReferralDbContext>;

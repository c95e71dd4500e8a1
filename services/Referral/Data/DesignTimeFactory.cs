using PeerPlatform.Persistence;

namespace PeerPlatform.Referral.Data;

internal sealed class DesignTimeFactory : PeerDesignTimeFactory<ReferralDbContext>;

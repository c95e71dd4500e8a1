namespace PeerPlatform.Security;

/// <summary>The four kinds of caller. A token carries exactly one, in the "role" claim.</summary>
public static class PeerRoles
{
    /// <summary>The trust's record systems and other clinical software.</summary>
    public const string Integrator = "integrator";

    /// <summary>A service-user or carer organisation; its token also carries "partner_org".</summary>
    public const string Partner = "partner";

    /// <summary>Runs the platform: aggregates and telemetry, never clinical detail.</summary>
    public const string Operator = "operator";

    /// <summary>Registers partner organisations, reads the audit trails and the reports.</summary>
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Integrator, Partner, Operator, Admin];
}

/// <summary>Claim types in PeerPlatform access tokens.</summary>
public static class PeerClaims
{
    public const string Role = "role";
    public const string PartnerOrganisation = "partner_org";
    public const string ClientId = "client_id";
    public const string Subject = "sub";
    public const string Scope = "scope";
}

/// <summary>
/// Authorization policies, named for who may call. The gateway names one on every route and the
/// services name one on every RPC; both enforce them.
/// </summary>
public static class PeerPolicies
{
    /// <summary>Clinical data: trust systems only.</summary>
    public const string Integrator = "integrator";

    /// <summary>Aggregated reports without personal data: trust systems, operators and administrators.</summary>
    public const string Reports = "reports";

    /// <summary>Partner organisations (object-level rules then scope them to their own records).</summary>
    public const string Partner = "partner";

    /// <summary>Partner organisations (reference data) and the audit trails.</summary>
    public const string Admin = "admin";

    /// <summary>
    /// Records shared by the trust and partner organisations (supervision agreements, sessions,
    /// concerns); partners only ever see their own organisation's, without the trust seeing notes.
    /// </summary>
    public const string TrustOrPartner = "trust-or-partner";

    /// <summary>Aggregate figures partners also see for their own organisation (supervision compliance).</summary>
    public const string FiguresWithPartners = "figures-with-partners";

    /// <summary>Running the platform: dead letters and other operational controls (no personal data).</summary>
    public const string Operator = "operator";

    /// <summary>Any authenticated PeerPlatform client.</summary>
    public const string Authenticated = "authenticated";

    public static readonly IReadOnlyDictionary<string, string[]> RolesByPolicy = new Dictionary<string, string[]>
    {
        [Integrator] = [PeerRoles.Integrator],
        [Reports] = [PeerRoles.Integrator, PeerRoles.Operator, PeerRoles.Admin],
        [Partner] = [PeerRoles.Partner],
        [Admin] = [PeerRoles.Admin],
        [TrustOrPartner] = [PeerRoles.Integrator, PeerRoles.Partner],
        [FiguresWithPartners] = [PeerRoles.Integrator, PeerRoles.Operator, PeerRoles.Admin, PeerRoles.Partner],
        [Operator] = [PeerRoles.Operator],
        [Authenticated] = [.. PeerRoles.All],
    };
}

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

    /// <summary>A peer support worker signed in as themselves; the token also carries "worker_id".</summary>
    public const string Worker = "worker";

    public static readonly IReadOnlyList<string> All = [Integrator, Partner, Operator, Admin, Worker];

    /// <summary>The roles an OAuth client (a system, not a person) may have.</summary>
    public static readonly IReadOnlyList<string> Systems = [Integrator, Partner, Operator, Admin];
}

/// <summary>
/// What a person signed in through Identity is; the token carries it in "person_role" beside the
/// access role it maps to (<see cref="AccessRole"/>), which is what the services authorize on.
/// </summary>
public static class PersonRoles
{
    /// <summary>Supervises peer workers for a partner organisation.</summary>
    public const string PartnerSupervisor = "partner-supervisor";

    /// <summary>Manages a partner organisation's supervisors and portal users; needs a second factor.</summary>
    public const string PartnerAdministrator = "partner-admin";

    /// <summary>A peer support worker employed by the trust.</summary>
    public const string PeerWorker = "peer-worker";

    /// <summary>Trust staff (clinicians, team leads), with the trust's access to clinical records.</summary>
    public const string TrustStaff = "trust-staff";

    public static readonly IReadOnlyList<string> All = [PartnerSupervisor, PartnerAdministrator, PeerWorker, TrustStaff];

    /// <summary>The access role (<see cref="PeerRoles"/>) a person of this kind acts with.</summary>
    public static string AccessRole(string personRole) => personRole switch
    {
        PartnerSupervisor or PartnerAdministrator => PeerRoles.Partner,
        PeerWorker => PeerRoles.Worker,
        TrustStaff => PeerRoles.Integrator,
        _ => throw new ArgumentOutOfRangeException(nameof(personRole), personRole, "Not a person role."),
    };

    public static bool BelongsToPartner(string personRole) => personRole is PartnerSupervisor or PartnerAdministrator;

    /// <summary>Administrators cannot finish signing in without a second factor.</summary>
    public static bool RequiresSecondFactor(string personRole) => personRole == PartnerAdministrator;
}

/// <summary>Claim types in PeerPlatform access tokens.</summary>
public static class PeerClaims
{
    public const string Role = "role";
    public const string PartnerOrganisation = "partner_org";
    public const string ClientId = "client_id";
    public const string Subject = "sub";
    public const string Scope = "scope";

    /// <summary>The kind of person (<see cref="PersonRoles"/>); absent from system tokens.</summary>
    public const string PersonRole = "person_role";

    /// <summary>A peer worker's id in the Workforce service.</summary>
    public const string WorkerId = "worker_id";

    /// <summary>RFC 8693: the system acting for the person named by "sub" (a JSON object with its "sub").</summary>
    public const string Actor = "act";
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

    /// <summary>Supervision sessions: the trust, partners (their own) and peer workers (the ones they were in).</summary>
    public const string SupervisionSessions = "supervision-sessions";

    /// <summary>The gateway's gRPC route to Supervision: anyone some Supervision RPC admits (each RPC then decides).</summary>
    public const string SupervisionCallers = "supervision-callers";

    /// <summary>Managing people's sign-ins at Identity: the platform administrator, and partner administrators for their own organisation (Identity decides).</summary>
    public const string PeopleAdministration = "people-administration";

    /// <summary>Webhook subscriptions: the trust's systems and partners (their own), operators (every one, to find failing deliveries).</summary>
    public const string Webhooks = "webhooks";

    /// <summary>The FHIR facade: the trust's systems, and the administrator for Organization (each service then decides).</summary>
    public const string Fhir = "fhir";

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
        [SupervisionSessions] = [PeerRoles.Integrator, PeerRoles.Partner, PeerRoles.Worker],
        [SupervisionCallers] = [PeerRoles.Integrator, PeerRoles.Operator, PeerRoles.Admin, PeerRoles.Partner, PeerRoles.Worker],
        [PeopleAdministration] = [PeerRoles.Admin, PeerRoles.Partner],
        [Webhooks] = [PeerRoles.Integrator, PeerRoles.Partner, PeerRoles.Operator],
        [Fhir] = [PeerRoles.Integrator, PeerRoles.Admin],
        [Authenticated] = [.. PeerRoles.All],
    };
}

using System.Net;
using System.Net.Sockets;

namespace PeerPlatform.Integrations.Domain;

/// <summary>
/// Where deliveries may go. A webhook URL is chosen by a caller, so it must not reach into the
/// platform's own network: addresses that are loopback, private (RFC 1918, unique local), link
/// local (cloud metadata at 169.254.169.254), shared (100.64/10), multicast or unspecified are
/// refused, unless configuration allows loopback (local runs, tests) or names a private network
/// the trust's receivers live on. Checked when a URL is registered (its host, if an address) and
/// again for every address a name resolves to when connecting, so a name cannot be pointed
/// somewhere else later.
/// </summary>
internal sealed class WebhookTargets(bool allowLoopback, IReadOnlyList<IPNetwork> allowedNetworks)
{
    private static readonly IPNetwork[] Refused =
    [
        IPNetwork.Parse("0.0.0.0/8"),
        IPNetwork.Parse("10.0.0.0/8"),
        IPNetwork.Parse("100.64.0.0/10"),
        IPNetwork.Parse("127.0.0.0/8"),
        IPNetwork.Parse("169.254.0.0/16"),
        IPNetwork.Parse("172.16.0.0/12"),
        IPNetwork.Parse("192.0.0.0/24"),
        IPNetwork.Parse("192.168.0.0/16"),
        IPNetwork.Parse("198.18.0.0/15"),
        IPNetwork.Parse("224.0.0.0/3"),
        IPNetwork.Parse("::/128"),
        IPNetwork.Parse("::1/128"),
        IPNetwork.Parse("fc00::/7"),
        IPNetwork.Parse("fe80::/10"),
        IPNetwork.Parse("ff00::/8"),
    ];

    public bool AllowsLoopback => allowLoopback;

    public bool Allows(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (allowLoopback && IPAddress.IsLoopback(address))
        {
            return true;
        }

        if (allowedNetworks.Any(network => network.Contains(address)))
        {
            return true;
        }

        return address.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6
            && !Refused.Any(network => network.Contains(address));
    }

    /// <summary>Why <paramref name="url"/> cannot be a webhook endpoint; null when it can.</summary>
    public string? Problem(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || uri.Host.Length == 0)
        {
            return "Must be an absolute https:// URL.";
        }

        if (uri.UserInfo.Length > 0 || uri.Fragment.Length > 0)
        {
            return "Must not contain credentials or a fragment.";
        }

        var loopbackHost = uri.IsLoopback;
        if (uri.Scheme == "http" && !(allowLoopback && loopbackHost))
        {
            return "Must use https.";
        }

        if (loopbackHost && !allowLoopback)
        {
            return "Must not be a loopback address.";
        }

        if (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && !Allows(address))
        {
            return "Must not be a private, loopback, link-local or reserved address.";
        }

        return null;
    }
}

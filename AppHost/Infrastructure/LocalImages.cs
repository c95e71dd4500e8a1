namespace PeerPlatform.AppHost.Infrastructure;

/// <summary>
/// Containers mode with images built here instead of pulled: "Containers:PostgresImage" and
/// "Containers:RabbitMqImage" name one ("localhost/peerplatform/postgres:local", what
/// ./peer images builds from Debian's packages), which is used as it is and never pulled.
/// </summary>
public static class LocalImages
{
    public static IResourceBuilder<T> WithLocalImage<T>(this IResourceBuilder<T> container, string? reference) where T : ContainerResource
    {
        if (reference is not { Length: > 0 })
        {
            return container;
        }

        var slash = reference.IndexOf('/', StringComparison.Ordinal);
        var colon = reference.LastIndexOf(':');
        if (slash <= 0 || colon < slash)
        {
            throw new InvalidOperationException($"'{reference}' is not an image reference of the form registry/name:tag (e.g. localhost/peerplatform/postgres:local).");
        }

        return container.WithImageRegistry(reference[..slash])
            .WithImage(reference[(slash + 1)..colon], reference[(colon + 1)..])
            .WithImagePullPolicy(ImagePullPolicy.Never);
    }
}

using FluentValidation;
using PeerPlatform.Integrations.Domain;

namespace PeerPlatform.Integrations.Webhooks;

/// <summary>The rules a subscription's fields keep, shared by creating and changing one.</summary>
internal static class SubscriptionRules
{
    public const int MaxEventTypes = 50;

    public static void WebhookUrl<T>(this IRuleBuilder<T, string> rule, WebhookTargets targets) =>
        rule.MaximumLength(Subscription.MaxUrlLength).Custom((url, context) =>
        {
            if (url.Length > 0 && targets.Problem(url) is { } problem)
            {
                context.AddFailure(problem);
            }
        });

    public static void KnownEventType<T>(this IRuleBuilder<T, string> rule) =>
        rule.Must(type => EventCatalogue.Named(type) is not null).WithMessage("Must be an event type ListEventTypes names (\"supervision.concern_raised\").");
}

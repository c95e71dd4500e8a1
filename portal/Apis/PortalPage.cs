using Grpc.Core;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PeerPlatform.Portal.SignIn;
using GrpcStatus = Grpc.Core.StatusCode;

namespace PeerPlatform.Portal.Apis;

/// <summary>
/// What every portal page does with an API's answer: field violations go beside the fields they
/// name (<see cref="FieldNames"/> maps the API's field paths to the form's), a record that is not
/// found, or not the caller's, is a plain 404 page, and a refusal says so without detail.
/// </summary>
public abstract class PortalPage : PageModel
{
    /// <summary>
    /// API field paths whose form field is named otherwise; the rest are named as the API's, in
    /// Pascal case ("actions[0].due_on" is the form's "Actions[0].DueOn").
    /// </summary>
    protected virtual IReadOnlyDictionary<string, string> FieldNames { get; } = new Dictionary<string, string>();

    public string? StatusMessage { get; protected set; }

    /// <summary>Runs a write; on bad input shows the page again with the service's messages, otherwise as <see cref="CallAsync"/>.</summary>
    protected async Task<IActionResult> SubmitAsync(Func<Task<IActionResult>> call, Func<Task<IActionResult>> showAgain)
    {
        try
        {
            return await call();
        }
        catch (RpcException e) when (e.StatusCode is GrpcStatus.InvalidArgument or GrpcStatus.FailedPrecondition)
        {
            AddViolations(e);
            return await showAgain();
        }
        catch (RpcException e)
        {
            return Refused(e);
        }
        catch (SignInRequiredException)
        {
            return Challenge();
        }
    }

    /// <summary>Runs a read: 404 for what the caller may not see or what does not exist, a refusal page otherwise.</summary>
    protected async Task<IActionResult> CallAsync(Func<Task<IActionResult>> call)
    {
        try
        {
            return await call();
        }
        catch (RpcException e)
        {
            return Refused(e);
        }
        catch (SignInRequiredException)
        {
            return Challenge();
        }
    }

    private IActionResult Refused(RpcException e) => e.StatusCode switch
    {
        GrpcStatus.NotFound or GrpcStatus.InvalidArgument => NotFound(),
        GrpcStatus.PermissionDenied => StatusCode(StatusCodes.Status403Forbidden),
        GrpcStatus.Unauthenticated => Challenge(),
        _ => StatusCode(StatusCodes.Status503ServiceUnavailable),
    };

    internal static string FormName(string apiField) => string.Join('.', apiField.Split('.').Select(segment =>
        string.Concat(segment.Split('_').Select(word => word.Length == 0 ? word : char.ToUpperInvariant(word[0]) + word[1..]))));

    private void AddViolations(RpcException e)
    {
        var badRequest = e.GetRpcStatus()?.GetDetail<Google.Rpc.BadRequest>();
        if (badRequest is null || badRequest.FieldViolations.Count == 0)
        {
            ModelState.AddModelError("", e.Status.Detail);
            return;
        }

        foreach (var violation in badRequest.FieldViolations)
        {
            ModelState.AddModelError(FieldNames.TryGetValue(violation.Field, out var mapped) ? mapped : FormName(violation.Field), violation.Description);
        }
    }
}

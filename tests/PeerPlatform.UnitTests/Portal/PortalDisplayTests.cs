using PeerPlatform.Portal;
using PeerPlatform.Portal.Apis;

namespace PeerPlatform.UnitTests.Portal;

/// <summary>How the portal turns the APIs' values into a page's and a form's into the APIs'.</summary>
public sealed class PortalDisplayTests
{
    [Theory]
    [InlineData("confidential_notes", "ConfidentialNotes")]
    [InlineData("actions[0].due_on", "Actions[0].DueOn")]
    [InlineData("worker_ids", "WorkerIds")]
    public void An_api_field_violation_goes_beside_the_form_field_of_the_same_name(string apiField, string formField) =>
        Assert.Equal(formField, PortalPage.FormName(apiField));

    [Fact]
    public void A_time_on_the_form_is_the_trusts_local_time_in_summer_and_in_winter()
    {
        Assert.Equal(DateTimeOffset.Parse("2026-07-01T09:00:00Z"), Display.Instant(new DateOnly(2026, 7, 1), new TimeOnly(10, 0))!.ToDateTimeOffset());
        Assert.Equal(DateTimeOffset.Parse("2026-12-01T10:00:00Z"), Display.Instant(new DateOnly(2026, 12, 1), new TimeOnly(10, 0))!.ToDateTimeOffset());
        Assert.Null(Display.Instant(new DateOnly(2026, 12, 1), null));
    }

    [Fact]
    public void Dates_and_times_are_written_in_full_in_the_trusts_time()
    {
        Assert.Equal("7 December 2026", Display.Date("2026-12-07"));
        Assert.Equal("not-a-date", Display.Date("not-a-date"));
        Assert.Equal("Mar 2026", Display.Month("2026-03"));
        Assert.Equal("1 July 2026, 10:00", Display.LocalTime(Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.Parse("2026-07-01T09:00:00Z"))));
        Assert.Equal("83%", Display.Percent(0.8333));
    }
}

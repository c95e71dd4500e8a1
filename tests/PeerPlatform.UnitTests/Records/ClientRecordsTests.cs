using PeerPlatform.Referral.Domain;

namespace PeerPlatform.UnitTests.Records;

public sealed class ClientRecordsTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    private static Client NewClient(string? nhsNumber = "9434765919")
    {
        var client = Client.Register("Ann", "Smyth", new DateOnly(1980, 5, 1), nhsNumber is null ? null : NhsNumber.TryParse(nhsNumber, out var n) ? n : null, Now);
        client.SetPreferences("North", "phone", "", "", []);
        return client;
    }

    [Fact]
    public void A_correction_records_each_changed_field_with_its_values_before_and_after()
    {
        var client = NewClient();

        var changes = client.Correct(new ClientCorrection(FamilyName: "Smith", DateOfBirth: new DateOnly(1980, 5, 2), Locality: "South"));

        Assert.Equal(
            [
                new ClientFieldChange(ClientFields.FamilyName, "Smyth", "Smith"),
                new ClientFieldChange(ClientFields.DateOfBirth, "1980-05-01", "1980-05-02"),
                new ClientFieldChange(ClientFields.Locality, "north", "south"),
            ],
            changes);
        Assert.Equal("Smith", client.FamilyName);
        Assert.Equal("south", client.Locality);
    }

    [Fact]
    public void A_correction_that_changes_nothing_records_nothing()
    {
        var client = NewClient();
        Assert.Empty(client.Correct(new ClientCorrection(GivenName: " Ann ", Locality: "NORTH")));
    }

    [Fact]
    public void An_nhs_number_can_be_added_later_and_removed_when_recorded_in_error()
    {
        var client = NewClient(nhsNumber: null);
        Assert.Null(client.NhsNumber);

        Assert.Equal([new ClientFieldChange(ClientFields.NhsNumber, "", "9434765919")], client.Correct(new ClientCorrection(NhsNumber: "9434765919")));
        Assert.Equal("9434765919", client.NhsNumber);
        Assert.Equal([new ClientFieldChange(ClientFields.NhsNumber, "9434765919", "")], client.Correct(new ClientCorrection(NhsNumber: "")));
        Assert.Null(client.NhsNumber);
    }

    [Fact]
    public void Merging_moves_the_number_only_when_the_target_has_none()
    {
        var withNumber = NewClient();
        var without = NewClient(nhsNumber: null);
        Assert.Equal("9434765919", withNumber.MergeInto(without));
        Assert.Null(withNumber.NhsNumber);
        Assert.Equal(without.Id, withNumber.MergedInto);

        var a = NewClient("9434765919");
        var b = NewClient("4010232137");
        Assert.Null(a.MergeInto(b));
        Assert.Equal("9434765919", a.NhsNumber);
        Assert.Throws<InvalidOperationException>(() => a.MergeInto(b));
    }

    [Fact]
    public void A_merge_can_be_undone_only_within_its_window_and_once()
    {
        var merge = ClientMerge.Record(Guid.NewGuid(), Guid.NewGuid(), [Guid.NewGuid()], false, "admin", "same person", Now, TimeSpan.FromDays(30));

        Assert.Null(merge.WhyNotUndoable(Now.AddDays(30)));
        Assert.Contains("has passed", merge.WhyNotUndoable(Now.AddDays(30).AddMinutes(1)));
        merge.Undo("admin", "not the same person", Now.AddDays(1));
        Assert.Equal("The merge was already undone.", merge.WhyNotUndoable(Now.AddDays(2)));
    }

    [Theory]
    [InlineData("2026-01-15", "2026-02-15")]
    // A month after 31 January is the end of February.
    [InlineData("2026-01-31", "2026-02-28")]
    public void An_erasure_request_is_answered_within_a_calendar_month(string received, string respondBy)
    {
        var request = ErasureRequest.Decide(Guid.NewGuid(), DateOnly.Parse(received, System.Globalization.CultureInfo.InvariantCulture), ErasureDecision.Refused, "Article 9(2)(h)", "admin", Now);
        Assert.Equal(DateOnly.Parse(respondBy, System.Globalization.CultureInfo.InvariantCulture), request.RespondBy);
    }
}

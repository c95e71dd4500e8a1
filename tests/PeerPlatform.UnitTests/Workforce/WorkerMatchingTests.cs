using PeerPlatform.Workforce.Domain;

namespace PeerPlatform.UnitTests.Workforce;

public sealed class WorkerMatchingTests
{
    [Fact]
    public void Fit_comes_first_then_free_capacity()
    {
        var womanSpeakingPolish = PeerWorkerTests.Worker(gender: "female", languages: ["English", "Polish"], areas: ["psychosis"]);
        var man = PeerWorkerTests.Worker(gender: "male", languages: ["English"], areas: ["psychosis", "self-harm"]);
        var womanLessCapacity = PeerWorkerTests.Worker(hours: 22.5m, gender: "female", languages: ["English"]);
        var womanMoreCapacity = PeerWorkerTests.Worker(hours: 37.5m, gender: "female", languages: ["English"]);

        var ranked = WorkerMatching.Rank(
            [man, womanLessCapacity, womanMoreCapacity, womanSpeakingPolish],
            new ClientPreferences("Female", "polish", ["Psychosis"]));

        // 4 + 3 + 2 = 9; then the women (4) by free capacity (9 before 5); then the man (2).
        Assert.Equal([womanSpeakingPolish, womanMoreCapacity, womanLessCapacity, man], ranked.Select(r => r.Worker));
        Assert.Equal([9, 4, 4, 2], ranked.Select(r => r.FitScore));
    }

    [Fact]
    public void Unavailable_workers_are_never_offered()
    {
        var untrained = PeerWorkerTests.Worker(trained: false);
        var full = PeerWorkerTests.Worker(hours: 3m);
        var available = PeerWorkerTests.Worker();

        Assert.Equal([available], WorkerMatching.Rank([untrained, full, available], new ClientPreferences(null, null, [])).Select(r => r.Worker));
    }

    [Fact]
    public void No_preference_scores_nothing()
    {
        Assert.Equal(0, WorkerMatching.FitScore(PeerWorkerTests.Worker(), new ClientPreferences(" ", null, [])));
    }
}

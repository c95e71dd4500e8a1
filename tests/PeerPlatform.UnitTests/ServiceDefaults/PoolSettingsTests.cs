using Npgsql;
using PeerPlatform.Persistence;

namespace PeerPlatform.UnitTests.ServiceDefaults;

public sealed class PoolSettingsTests
{
    [Fact]
    public void A_connection_string_without_pool_settings_gets_statement_reuse_and_a_bounded_pool()
    {
        var settings = new NpgsqlConnectionStringBuilder(PeerDatabaseExtensions.WithPoolSettings("Host=db;Database=referral;Username=svc;Password=secret"));

        Assert.Equal((64, 2, true, PeerDatabaseExtensions.DefaultMaxPoolSize), (settings.MaxAutoPrepare, settings.AutoPrepareMinUsages, settings.NoResetOnClose, settings.MaxPoolSize));
        Assert.Equal(GssEncryptionMode.Disable, settings.GssEncryptionMode);
        Assert.Equal(("db", "referral", "secret"), (settings.Host, settings.Database, settings.Password));
    }

    [Theory]
    [InlineData("Host=db;Max Auto Prepare=0;No Reset On Close=false;Maximum Pool Size=50;GSS Encryption Mode=Prefer")]
    [InlineData("Host=db;MaxAutoPrepare=0;NoResetOnClose=false;MaxPoolSize=50;GssEncryptionMode=Prefer")]
    public void Settings_given_in_the_connection_string_win_in_either_spelling(string connectionString)
    {
        var settings = new NpgsqlConnectionStringBuilder(PeerDatabaseExtensions.WithPoolSettings(connectionString));

        Assert.Equal((0, false, 50, GssEncryptionMode.Prefer), (settings.MaxAutoPrepare, settings.NoResetOnClose, settings.MaxPoolSize, settings.GssEncryptionMode));
    }
}

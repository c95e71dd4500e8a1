using OpenQA.Selenium.Support.UI;
using PeerPlatform.EndToEndTests.Portal;

namespace PeerPlatform.EndToEndTests;

/// <summary>
/// The API reference page (Scalar, /docs) in headless Chromium cut off from the internet: it
/// renders from the gateway alone, asks for nothing outside it, and offers none of Scalar's cloud
/// features (Ask AI, SDK generation, deploy buttons).
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class ApiReferenceTests(SuiteFixture suite)
{
    [Fact]
    public void The_api_reference_renders_offline_and_sends_nothing_outside_the_trust()
    {
        using var browser = new Browser(suite.GatewayHttpPort, offline: true);
        browser.Open("/docs");
        new WebDriverWait(browser.Driver, TimeSpan.FromSeconds(60)).Until(_ =>
            browser.PageText.Contains("Create referral", StringComparison.Ordinal));

        Assert.Contains("PeerPlatform API", browser.PageText);
        var controls = ((IEnumerable<object>)browser.Script("return [...document.querySelectorAll('button, a, [role=button]')].map(e => e.textContent.trim());")!).Cast<string>().ToList();
        Assert.NotEmpty(controls);
        Assert.DoesNotContain(controls, c => c.Contains("Ask AI", StringComparison.OrdinalIgnoreCase) || c.Contains("Generate SDK", StringComparison.OrdinalIgnoreCase) || c.Equals("Deploy", StringComparison.OrdinalIgnoreCase) || c.Contains("MCP", StringComparison.Ordinal));

        // Every resource the page loaded came from the gateway.
        var resources = ((IEnumerable<object>)browser.Script("return performance.getEntriesByType('resource').map(e => e.name);")!).Cast<string>().ToList();
        Assert.NotEmpty(resources);
        Assert.All(resources, url => Assert.StartsWith($"http://localhost:{suite.GatewayHttpPort}/", url));
        Assert.True((bool)browser.Script("return document.fonts.status === 'loaded';")!);
    }
}

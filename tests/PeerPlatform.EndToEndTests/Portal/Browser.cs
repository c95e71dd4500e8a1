using System.Security.Cryptography;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace PeerPlatform.EndToEndTests.Portal;

/// <summary>
/// Headless Chromium from Debian's packages (chromium, chromium-driver; the prerequisites script
/// installs them), driven through chromedriver. One browser per person in a test, so cookies
/// never mix. Set PEER_SCREENSHOTS to a folder to save a screenshot of each page a test names.
/// </summary>
internal sealed class Browser : IDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public const string DriverPath = "/usr/bin/chromedriver";

    private readonly ChromeDriver driver;
    private readonly string gateway;

    /// <param name="offline">Cut off from everything but localhost: every other host name fails to resolve, as on a trust network without internet.</param>
    public Browser(int gatewayPort, int width = 1280, int height = 1000, bool offline = false)
    {
        gateway = $"http://localhost:{gatewayPort}";
        var options = new ChromeOptions { BinaryLocation = ChromiumPath };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", $"--window-size={width},{height}", "--lang=en-GB");
        if (offline)
        {
            options.AddArgument("--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost");
        }
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(DriverPath)!, Path.GetFileName(DriverPath));
        service.HideCommandPromptWindow = true;
        service.SuppressInitialDiagnosticInformation = true;
        driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
        driver.Manage().Timeouts().PageLoad = TimeSpan.FromSeconds(30);
    }

    public IWebDriver Driver => driver;

    public string Url => driver.Url;

    public string Heading => driver.FindElement(By.TagName("h1")).Text;

    public string PageText => driver.FindElement(By.TagName("body")).Text;

    public void Open(string path) => driver.Navigate().GoToUrl(gateway + path);

    public IWebElement Find(string css) => driver.FindElement(By.CssSelector(css));

    public IReadOnlyList<IWebElement> FindAll(string css) => driver.FindElements(By.CssSelector(css));

    public void Type(string css, string text)
    {
        var field = Find(css);
        field.Clear();
        field.SendKeys(text);
    }

    /// <summary>Sets a date or time input the way a person's picker would, whatever the browser's locale.</summary>
    public void SetValue(string css, string value) =>
        driver.ExecuteScript("arguments[0].value = arguments[1];", Find(css), value);

    public void Select(string css, string value) => SetValue(css, value);

    /// <summary>Clicks and waits for the next page.</summary>
    public void Submit(string css)
    {
        var before = Find("html");
        Find(css).Click();
        new WebDriverWait(driver, TimeSpan.FromSeconds(30)).Until(_ => IsStale(before));
    }

    public object? Script(string script, params object[] arguments) => driver.ExecuteScript(script, arguments);

    /// <summary>Runs a script that submits a form, and waits for the next page.</summary>
    public void SubmitByScript(string script, params object[] arguments)
    {
        var before = Find("html");
        driver.ExecuteScript(script, arguments);
        new WebDriverWait(driver, TimeSpan.FromSeconds(30)).Until(_ => IsStale(before));
    }

    /// <summary>Signs in at Identity's page, where the portal sends anyone not signed in.</summary>
    public void SignIn(string email, string password)
    {
        Open("/portal/");
        Assert.Contains("/account/login", Url, StringComparison.Ordinal);
        Type("#Email", email);
        Type("#Password", password);
        Submit("main button[type=submit]");
        Assert.False(Url.Contains("/connect/", StringComparison.Ordinal), $"Signing in stopped at {Url}: {driver.PageSource}");
    }

    public void Screenshot(string name)
    {
        if (Environment.GetEnvironmentVariable("PEER_SCREENSHOTS") is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            driver.GetScreenshot().SaveAsFile(Path.Combine(folder, name + ".png"));
        }
    }

    public void Dispose() => driver.Quit();

    private static bool IsStale(IWebElement element)
    {
        try
        {
            _ = element.Enabled;
            return false;
        }
        catch (WebDriverException)
        {
            // Stale, or its node no longer in the document: the next page has replaced it.
            return true;
        }
    }
}

/// <summary>RFC 6238 codes (HMAC-SHA1, 30 seconds, 6 digits), as an authenticator app computes them.</summary>
internal static class Totp
{
    public static string Code(string base32Key, DateTimeOffset at)
    {
        var key = Base32(base32Key.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant());
        var counter = BitConverter.GetBytes(at.ToUnixTimeSeconds() / 30);
        if (BitConverter.IsLittleEndian)
        {
            Array.Reverse(counter);
        }

        var hash = HMACSHA1.HashData(key, counter);
        var offset = hash[^1] & 0x0F;
        var binary = ((hash[offset] & 0x7F) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static byte[] Base32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in text.TrimEnd('='))
        {
            buffer = (buffer << 5) | alphabet.IndexOf(c, StringComparison.Ordinal);
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }

        return [.. bytes];
    }
}

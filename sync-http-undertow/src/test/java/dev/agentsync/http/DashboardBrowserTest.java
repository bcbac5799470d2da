package dev.agentsync.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium (Debian's chromium and chromium-driver, installed by .ci/run):
 * load a room, write over HTTP, see the write appear without a reload.
 */
class DashboardBrowserTest {
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private SyncServer server;
    private WebDriver browser;

    @BeforeEach
    void start() throws Exception {
        java.util.List<String> missing = new java.util.ArrayList<>();
        if (!Files.isExecutable(CHROMIUM)) {
            missing.add(CHROMIUM.toString());
        }
        if (!Files.isExecutable(CHROMEDRIVER)) {
            missing.add(CHROMEDRIVER.toString());
        }
        String why = "SKIPPED: the dashboard browser test needs Debian's chromium and chromium-driver, and "
                + String.join(" and ", missing) + (missing.size() == 1 ? " is" : " are")
                + " missing (apt-get install chromium chromium-driver; .ci/run does)";
        if (!missing.isEmpty()) {
            System.out.println("[agent-sync] " + why); // Surefire does not print an assumption's message
        }
        Assumptions.assumeTrue(missing.isEmpty(), why);
        server = SyncServer.start(ServerConfig.defaults().withPort(0).withStore("memory"));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toString());
        Path profile = Files.createTempDirectory("agent-sync-chromium");
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage", "--user-data-dir=" + profile,
                "--window-size=1280,900");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aWriteOverHttpAppearsOnTheOpenPageWithoutAReload() throws Exception {
        HttpTestClient c = new HttpTestClient(server.url());
        c.call("POST", "/rooms", "{\"id\":\"demo\"}");
        String token = c.call("POST", "/rooms/demo/agents", "{\"id\":\"alice\",\"name\":\"Alice\",\"role\":\"coordinator\"}")
                .body().get("token").asText();
        c.call("PUT", "/rooms/demo/state", "{\"key\":\"phase\",\"value\":\"planning\"}", token);

        browser.get(server.url() + "/?room=demo");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-key='phase']")));
        wait.until(ExpectedConditions.textToBe(By.id("live"), "live"));
        assertTrue(browser.findElement(By.cssSelector("tr[data-agent='alice']")).getText().contains("Alice"));
        ((JavascriptExecutor) browser).executeScript("window.__notReloaded = true;");

        c.call("PUT", "/rooms/demo/state", "{\"key\":\"score\",\"value\":42}", token);
        c.call("POST", "/rooms/demo/messages", "{\"from\":\"alice\",\"kind\":\"task\",\"body\":\"analyze <b>X</b>\"}", token);
        c.call("PUT", "/rooms/demo/state", "{\"scope\":\"_view\",\"key\":\"big\",\"expr\":\"state._shared.score > 40\"}", token);

        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-key='score']")));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("div.msg[data-id='1']")));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-scope='_view'][data-key='big']")));
        assertTrue(browser.findElement(By.cssSelector("tr[data-key='score']")).getText().contains("42"));
        assertTrue(browser.findElement(By.cssSelector("tr[data-scope='_view'][data-key='big']")).getText().contains("true"));
        assertTrue(browser.findElement(By.cssSelector("div.msg[data-id='1']")).getText().contains("analyze <b>X</b>"),
                "message bodies are shown as text, never as markup");
        assertEquals(Boolean.TRUE, ((JavascriptExecutor) browser).executeScript("return window.__notReloaded === true;"));

        browser.findElement(By.id("expr")).sendKeys("state._shared.score * 2");
        browser.findElement(By.cssSelector("#evalbox button")).click();
        wait.until(ExpectedConditions.textMatches(By.id("evalout"), java.util.regex.Pattern.compile("^84 ")));

        Path shot = Path.of("target", "dashboard.png");
        Files.write(shot, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }
}

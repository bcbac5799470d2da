package dev.agentsync.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium (Debian's chromium and chromium-driver, installed by .ci/run):
 * load a room, write over HTTP, see the write appear without a reload; claims with their holder, lease countdown,
 * fence and deliveries, completed and dead messages, and agents going offline, all without a reload.
 */
class DashboardBrowserTest {
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private SyncServer server;
    private WebDriver browser;

    private Path profile;

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
        profile = Files.createTempDirectory("agent-sync-chromium");
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
        if (profile != null) { // the browser's profile: leave no temporary directory behind
            try (java.util.stream.Stream<Path> files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (java.io.IOException e) {
                // best effort
            }
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

    private static String join(HttpTestClient c, String room, String id) {
        return c.call("POST", "/rooms/" + room + "/agents", "{\"id\":\"" + id + "\",\"role\":\"worker\"}").body().get("token").asText();
    }

    @Test
    void claimsLeasesCompletedAndDeadMessagesAndOfflineAgentsShowLive() throws Exception {
        HttpTestClient c = new HttpTestClient(server.url());
        c.call("POST", "/rooms", "{\"id\":\"ops\",\"settings\":{\"max_deliveries\":2,\"presence_ttl_ms\":1500}}");
        String alice = join(c, "ops", "alice");
        String bob = join(c, "ops", "bob");
        join(c, "ops", "carol"); // joins and then does nothing: offline once its heartbeat is 1.5 s old
        // alice stays online for the whole test: a parked wait keeps its agent online
        CompletableFuture<HttpTestClient.Reply> parked = c.async("GET", "/rooms/ops/wait?agent=alice&timeout=60000&condition="
                + HttpTestClient.enc("has(state._shared.stop)"), null, alice);
        for (String task : new String[] {"held", "poison", "done", "short lease"}) {
            c.call("POST", "/rooms/ops/messages", "{\"from\":\"alice\",\"kind\":\"task\",\"body\":\"" + task + "\"}", alice);
        }
        c.call("POST", "/rooms/ops/messages/1/claim", "{\"agent\":\"bob\",\"lease_ms\":600000}", bob);
        for (int i = 0; i < 2; i++) { // two deliveries without completion: dead (max_deliveries 2)
            c.call("POST", "/rooms/ops/messages/2/claim", "{\"agent\":\"bob\"}", bob);
            c.call("POST", "/rooms/ops/messages/2/release", "{\"agent\":\"bob\"}", bob);
        }
        long fence = c.call("POST", "/rooms/ops/messages/3/claim", "{\"agent\":\"bob\"}", bob).body().get("fence").asLong();
        assertEquals(200, c.call("POST", "/rooms/ops/messages/3/complete", "{\"agent\":\"bob\",\"fence\":" + fence + "}", bob).status());

        browser.get(server.url() + "/?room=ops");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.until(ExpectedConditions.textToBe(By.id("live"), "live"));
        ((JavascriptExecutor) browser).executeScript("window.__notReloaded = true;");

        // held under a lease: holder, a countdown that ticks in the page, fence and deliveries
        By held = By.cssSelector("div.msg[data-id='1'][data-state='claimed']");
        wait.until(ExpectedConditions.presenceOfElementLocated(held));
        assertEquals("bob", browser.findElement(By.cssSelector("div.msg[data-id='1'] .holder")).getText());
        By lease = By.cssSelector("div.msg[data-id='1'] .lease");
        wait.until(ExpectedConditions.textMatches(lease, java.util.regex.Pattern.compile("^lease \\d+ s left$")));
        String first = browser.findElement(lease).getText();
        wait.until(d -> !d.findElement(lease).getText().equals(first)); // it counts down without any request
        assertEquals("fence 1", browser.findElement(By.cssSelector("div.msg[data-id='1'] .fence")).getText());
        assertEquals("delivery 1/2", browser.findElement(By.cssSelector("div.msg[data-id='1'] .deliveries")).getText());

        // dead and completed, each shown as such
        WebElement dead = browser.findElement(By.cssSelector("div.msg[data-id='2']"));
        assertEquals("dead", dead.getAttribute("data-state"));
        assertTrue(dead.getAttribute("class").contains("dead"));
        assertTrue(dead.getText().contains("delivery 2/2"), dead.getText());
        WebElement done = browser.findElement(By.cssSelector("div.msg[data-id='3']"));
        assertEquals("completed", done.getAttribute("data-state"));
        assertEquals("bob", done.findElement(By.cssSelector(".holder")).getText());
        assertTrue(browser.findElement(By.id("counts")).getText().contains("1 claimed · 1 completed · 1 dead"),
                browser.findElement(By.id("counts")).getText());

        // a short lease runs out on the open page: the server ends it by itself and the page shows it claimable again
        c.call("POST", "/rooms/ops/messages/4/claim", "{\"agent\":\"bob\",\"lease_ms\":1500}", bob);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("div.msg[data-id='4'][data-state='claimed'] .lease")));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("div.msg[data-id='4'][data-state='unclaimed']")));
        assertEquals("fence 1", browser.findElement(By.cssSelector("div.msg[data-id='4'] .fence")).getText());

        // presence: carol (silent) goes offline by itself, which does not move the revision; alice (parked) stays online
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-agent='carol'][data-online='false']")));
        assertTrue(browser.findElement(By.cssSelector("tr[data-agent='carol']")).getText().contains("offline"));
        assertEquals("true", browser.findElement(By.cssSelector("tr[data-agent='alice']")).getAttribute("data-online"));
        assertEquals(Boolean.TRUE, ((JavascriptExecutor) browser).executeScript("return window.__notReloaded === true;"));

        Path shot = Path.of("target", "dashboard-leases.png");
        Files.write(shot, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));

        c.call("PUT", "/rooms/ops/state", "{\"key\":\"stop\",\"value\":true}", bob);
        assertTrue(parked.get(20, TimeUnit.SECONDS).body().get("triggered").asBoolean());
    }
}

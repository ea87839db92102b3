package dev.flowdb.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowdb.Database;
import dev.flowdb.NewFeature;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The board in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver},
 * which {@code .ci/run} installs): lane counts against the API, a human-input form answered, a
 * claim made by another OS process showing up without a reload, a screenshot into the report.
 */
class BoardBrowserTest {

    private static final Path CHROMIUM = Path.of(System.getProperty("flowdb.chromium", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getProperty("flowdb.chromedriver", "/usr/bin/chromedriver"));
    private static final Path REPORTS = Path.of("target", "surefire-reports");

    @TempDir
    Path temp;
    ChromeDriver browser;

    @BeforeEach
    void openBrowser() {
        assertThat(CHROMIUM).as("Debian's chromium (apt-get install chromium chromium-driver; .ci/run does)").isExecutable();
        assertThat(CHROMEDRIVER).as("Debian's chromium-driver").isExecutable();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1000");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    private WebDriverWait waiting() {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(10));
        wait.pollingEvery(Duration.ofMillis(10));
        // the board re-renders what changed: an element found a moment ago may have been replaced
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return wait;
    }

    private void openBoard(ServerFixture s) {
        browser.get(s.base() + "/");
        waiting().until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-ready")));
    }

    private int laneCount(String lane) {
        return Integer.parseInt(browser.findElement(By.cssSelector("#lane-" + lane + " .count")).getText());
    }

    private void openCard(String lane, String id) {
        waiting().until(d -> {
            d.findElement(By.cssSelector("#lane-" + lane + " .card[data-id='" + id + "']")).click();
            return true;
        });
    }

    /** The card ids of a lane, read in one script run (the board re-renders lanes as changes arrive). */
    @SuppressWarnings("unchecked")
    private List<String> laneIds(String lane) {
        return (List<String>) ((JavascriptExecutor) browser).executeScript(
                "return Array.from(document.querySelectorAll('#lane-' + arguments[0] + ' .card')).map(c => c.dataset.id);", lane);
    }

    @Test
    void theBoardShowsTheLanesAnswersAFormAndFollowsAnotherProcess() throws Exception {
        try (ServerFixture s = ServerFixture.withFixture(temp, "autocoder-current.db", c -> c)) {
            openBoard(s);
            JsonNode groups = s.call("GET", "/api/projects/p1/features").json();
            for (String lane : List.of("pending", "in_progress", "needs_human_input", "done")) {
                assertThat(laneCount(lane)).as(lane).isEqualTo(groups.get(lane).size());
                assertThat(laneIds(lane)).as(lane).hasSize(groups.get(lane).size());
            }
            assertThat(browser.findElement(By.id("project")).getText()).isEqualTo("p1");
            Files.createDirectories(REPORTS);
            Files.write(REPORTS.resolve("board.png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));

            // a person answers the agent's question through the form rendered from its fields
            String waiting = groups.get("needs_human_input").get(0).get("id").asText();
            openCard("needs_human_input", waiting);
            waiting().until(d -> !d.findElements(By.id("answer-form")).isEmpty());
            browser.findElement(By.id("answer-stripe_publishable_key")).sendKeys("pk_test_1");
            browser.findElement(By.id("answer-stripe_secret_key")).sendKeys("sk_test_1");
            new Select(browser.findElement(By.id("answer-currency"))).selectByValue("eur");
            browser.findElement(By.id("answer-submit")).click();
            waiting().until(d -> !laneIds("needs_human_input").contains(waiting));
            assertThat(laneIds("pending")).contains(waiting);
            JsonNode answer = s.call("GET", "/api/projects/p1/features/" + waiting).json().get("human_input_response").get("fields");
            assertThat(answer.get("currency").asText()).isEqualTo("eur");
            assertThat(answer.get("stripe_secret_key").asText()).isEqualTo("sk_test_1");
            browser.findElement(By.cssSelector("dialog .close button")).click();

            // another OS process claims a ready feature: the card moves with no reload
            String ready = s.call("GET", "/api/v1/ready?limit=1").json().get("features").get(0).get("id").asText();
            ((JavascriptExecutor) browser).executeScript("window.__sameDocument = true;");
            assertThat(laneIds("pending")).contains(ready);
            long committedAt = claimInAnotherProcess(s.projectDir.resolve("features.db"), Long.parseLong(ready));
            waiting().until(d -> laneIds("in_progress").contains(ready));
            long seenAt = System.currentTimeMillis();
            assertThat(((JavascriptExecutor) browser).executeScript("return window.__sameDocument === true;"))
                    .as("no reload happened").isEqualTo(true);
            assertThat(browser.findElement(By.cssSelector("#lane-in_progress .card[data-id='" + ready + "']")).getText())
                    .contains("other-agent");
            System.out.println("board: another process's claim reached the page " + (seenAt - committedAt) + " ms after its commit");
            Files.write(REPORTS.resolve("board-after-claim.png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));

            // a person edits a pending feature and marks a done one failing; the history shows both
            String pending = laneIds("pending").get(0);
            openCard("pending", pending);
            WebDriverWait wait = waiting();
            wait.until(d -> !d.findElements(By.id("edit-form")).isEmpty());
            browser.findElement(By.id("edit-name")).clear();
            browser.findElement(By.id("edit-name")).sendKeys("Renamed on the board");
            browser.findElement(By.id("edit-submit")).click();
            wait.until(d -> s.call("GET", "/api/projects/p1/features/" + pending).json().get("name").asText().equals("Renamed on the board"));
            wait.until(d -> d.findElement(By.cssSelector(".history")).getText().contains("name"));
            browser.findElement(By.cssSelector("dialog .close button")).click();
            String done = laneIds("done").get(0);
            openCard("done", done);
            wait.until(d -> !d.findElements(By.id("action-fail")).isEmpty());
            browser.findElement(By.id("action-fail")).click();
            wait.until(d -> !laneIds("done").contains(done));
            assertThat(s.db().events().forFeature(Long.parseLong(done))).last()
                    .satisfies(e -> assertThat(e.source()).isEqualTo("http"));
            browser.findElement(By.cssSelector("dialog .close button")).click();

            // a phone-width screen stacks the lanes
            browser.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
            wait.until(d -> d.findElement(By.id("lane-in_progress")).getLocation().getY()
                    > d.findElement(By.id("lane-pending")).getLocation().getY());
            assertThat(browser.findElement(By.id("lane-pending")).getSize().getWidth()).isLessThanOrEqualTo(390);
            Files.write(REPORTS.resolve("board-phone.png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
            browser.manage().window().setSize(new org.openqa.selenium.Dimension(1400, 1000));

            browser.findElement(By.id("tab-graph")).click();
            waiting().until(d -> d.findElements(By.cssSelector("#graph .node")).size() == groups.get("pending").size()
                    + groups.get("in_progress").size() + groups.get("done").size() + groups.get("needs_human_input").size());
        }
    }

    @Test
    void aThousandFeatureBacklogLoads() throws Exception {
        try (ServerFixture s = ServerFixture.start(temp)) {
            List<NewFeature> batch = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                batch.add(new NewFeature("area-" + (i % 12), "feature " + i, "what feature " + i + " does", List.of("step one", "step two")));
            }
            s.db().features().createBulk(batch);
            List<Long> times = new ArrayList<>();
            for (int run = 0; run < 5; run++) {
                browser.get("about:blank");
                browser.get(s.base() + "/");
                waiting().until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-ready")));
                Object ready = ((JavascriptExecutor) browser).executeScript("return Math.round(performance.now());");
                times.add(((Number) ready).longValue());
            }
            assertThat(laneCount("pending")).isEqualTo(1000);
            List<Long> api = new ArrayList<>();
            for (int run = 0; run < 5; run++) {
                long start = System.nanoTime();
                assertThat(s.call("GET", "/api/v1/features").status()).isEqualTo(200);
                api.add((System.nanoTime() - start) / 1_000_000);
            }
            api.sort(null);
            System.out.println("board: GET /api/v1/features with 1000 features (the page's data) median " + api.get(2) + " ms");
            times.sort(null);
            System.out.println("board: 1000-feature page ready (navigation start to rendered lanes) min " + times.get(0)
                    + " ms, median " + times.get(2) + " ms, max " + times.get(4) + " ms over 5 loads");
        }
    }

    /** Runs {@link ClaimFromAnotherProcess} in a child JVM; returns the wall-clock time it committed at. */
    private static long claimInAnotherProcess(Path db, long id) throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                ClaimFromAnotherProcess.class.getName(), db.toString(), String.valueOf(id))
                .redirectErrorStream(true).start();
        List<String> out = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                out.add(line);
            }
        }
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(String.join("\n", out)).isZero();
        String committed = out.stream().filter(l -> l.startsWith("committed ")).findFirst().orElseThrow();
        return Long.parseLong(committed.substring("committed ".length()));
    }

    /** The other process: an agent that claims one feature in the same SQLite file. */
    public static final class ClaimFromAnotherProcess {
        public static void main(String[] args) {
            try (Database db = Database.builder(Path.of(args[0])).defaultActor(dev.flowdb.Actor.of("other-agent", "test")).open()) {
                boolean claimed = db.features().claim(Long.parseLong(args[1])).isClaimed();
                System.out.println("committed " + System.currentTimeMillis());
                System.exit(claimed ? 0 : 1);
            }
        }
    }
}

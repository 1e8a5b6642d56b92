package dev.trash.examples.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trash.ActorId;
import dev.trash.WorkspaceId;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The Trash page (SPEC R43) in a real browser: Debian's chromium, headless, driven by Selenium
 * through Debian's chromedriver. One walk through the page, step by step, each step's screenshot
 * written to {@code target/trash-page/}. Without a browser the test is skipped with a loud notice,
 * unless {@code TRASH_BROWSER_TESTS=required} (set by {@code .ci/run}) or
 * {@code -Dtrash.browser.tests=required}, which make it fail instead.
 */
@Tag("heavy")
class TrashPageBrowserTest {
    private static final String R12 = "Cannot restore model while its parent project is in trash. Restore the project first.";
    private static final Path SHOTS = Path.of(System.getProperty("trash.examples.dir", "target"), "trash-page");
    private static final List<String> CHROMIUM = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser");
    private static final List<String> DRIVER = List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");

    private static Path dir;
    private static Platform platform;
    private static ApiServer server;
    private static ChromeDriver browser;
    private static WebDriverWait wait;
    private static String key;
    private static WorkspaceId acme;

    @BeforeAll
    static void start() throws IOException {
        Optional<String> chromium = CHROMIUM.stream().filter(p -> new File(p).canExecute()).findFirst();
        Optional<String> driver = DRIVER.stream().filter(p -> new File(p).canExecute()).findFirst();
        boolean required = "required".equals(System.getenv("TRASH_BROWSER_TESTS"))
                || "required".equals(System.getProperty("trash.browser.tests"));
        if (chromium.isEmpty() || driver.isEmpty()) {
            String notice = "\n*****************************************************************************\n"
                    + "* SKIPPED: the Trash page's browser tests need Debian's chromium and\n"
                    + "* chromium-driver (apt-get install -y chromium chromium-driver); .ci/run installs them.\n"
                    + "*****************************************************************************\n";
            System.err.println(notice);
            if (required) {
                throw new IllegalStateException("browser tests are required (TRASH_BROWSER_TESTS=required) but "
                        + (chromium.isEmpty() ? "chromium" : "chromedriver") + " is not installed");
            }
            Assumptions.abort("no chromium/chromedriver: the browser tests are skipped");
        }
        dir = Files.createTempDirectory("trash-page");
        platform = Platform.open(dir, Optional.empty(), Clock.systemUTC());
        acme = platform.createWorkspace("acme", "Acme");
        key = platform.issueApiKey(acme, "alice");
        seed();
        server = ApiServer.start(platform, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.get());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1100,1000", "--no-first-run", "--disable-extensions", "--lang=en");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(driver.get()))
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(10));
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        Files.createDirectories(SHOTS);
    }

    /**
     * Project Vision (models Detector, Segmenter and, trashed on its own first, Detector (old)) in
     * the Trash with its two models (+2); dataset Street scenes; project Speech, whose slug a new
     * project took meanwhile.
     */
    private static void seed() {
        ActorId alice = ActorId.of("alice");
        var vision = platform.createProject(acme, "Vision", "vision");
        platform.createModel(acme, vision.id(), "Detector", "detector", 20_000);
        platform.createModel(acme, vision.id(), "Segmenter", "segmenter", 10_000);
        var old = platform.createModel(acme, vision.id(), "Detector (old)", "detector-old", 10_000);
        var streets = platform.createDataset(acme, "Street scenes", "street-scenes", 3, 1_000);
        var speech = platform.createProject(acme, "Speech", "speech");
        platform.delete(acme, PlatformSchema.MODEL, old.id(), alice);
        platform.delete(acme, PlatformSchema.PROJECT, vision.id(), alice);
        platform.delete(acme, PlatformSchema.DATASET, streets.id(), alice);
        platform.delete(acme, PlatformSchema.PROJECT, speech.id(), alice);
        platform.createProject(acme, "Speech (new)", "speech");
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    @DisplayName("R43 R12 R11 sign in, filter, the treemap's colours, R12's refusal, restore (renamed), delete and Empty Trash, each confirmed")
    void walkThroughThePage() throws Exception {
        // Sign in: /trash redirects to the settings' Trash tab.
        browser.get(server.baseUri().resolve("/trash").toString());
        assertThat(browser.getCurrentUrl()).endsWith("/settings/trash");
        WebElement keyField = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("api-key")));
        shot("01-sign-in");
        keyField.sendKeys("trk_wrong");
        keyField.sendKeys(Keys.ENTER);
        wait.until(ExpectedConditions.textToBe(By.id("sign-in-error"), "That API key is not valid."));
        keyField.clear();
        keyField.sendKeys(key);
        keyField.sendKeys(Keys.ENTER); // the keyboard signs in
        waitForRows(4);
        assertThat(names()).containsExactlyInAnyOrder("Vision", "Detector (old)", "Street scenes", "Speech");
        assertThat(row("Vision").findElement(By.cssSelector(".badge")).getText()).matches("\\+[1-9][0-9]*");
        assertThat(cell("Vision", 3)).isEqualTo("30d");
        assertThat(cell("Vision", 1)).isEqualTo("Project");
        assertThat(browser.executeScript("return sessionStorage.getItem('trash.apiKey')")).isEqualTo(key);
        shot("02-signed-in");

        // The type colours: projects blue, datasets green, models purple, in the table and the treemap.
        assertThat(colour(row("Vision").findElement(By.cssSelector(".type")))).isEqualTo("rgb(37, 99, 235)");
        assertThat(colour(row("Street scenes").findElement(By.cssSelector(".type")))).isEqualTo("rgb(22, 163, 74)");
        assertThat(colour(row("Detector (old)").findElement(By.cssSelector(".type")))).isEqualTo("rgb(147, 51, 234)");
        List<WebElement> tiles = browser.findElements(By.cssSelector("#treemap .tile"));
        assertThat(tiles).isNotEmpty();
        for (WebElement tile : tiles) {
            String expected = switch (tile.getAttribute("data-type")) {
                case "project" -> "rgb(37, 99, 235)";
                case "dataset" -> "rgb(22, 163, 74)";
                case "model" -> "rgb(147, 51, 234)";
                default -> throw new AssertionError("tile of type " + tile.getAttribute("data-type"));
            };
            assertThat(colour(tile)).as(tile.getText()).isEqualTo(expected);
        }
        assertThat(tiles.stream().map(t -> t.getAttribute("data-type")).distinct()).contains("project", "dataset", "model");
        WebElement map = browser.findElement(By.id("treemap"));
        double area = tiles.stream().mapToDouble(t -> t.getSize().width * (double) t.getSize().height).sum();
        assertThat(area / (map.getSize().width * (double) map.getSize().height)).as("tiles fill the treemap").isGreaterThan(0.9);
        assertThat(browser.findElement(By.id("storage-summary")).getText()).startsWith("4 items in the Trash");
        shot("03-treemap");

        // Filter tabs.
        tab("Models").click();
        wait.until(d -> names().equals(List.of("Detector (old)")));
        shot("04-filter-models");
        tab("Projects").click();
        wait.until(d -> names().size() == 2 && names().containsAll(List.of("Vision", "Speech")));
        tab("All").click();
        waitForRows(4);

        // R12: the model's project is in the Trash; the refusal is its message, and Escape closes it.
        row("Detector (old)").findElement(By.cssSelector("button.restore")).click();
        WebElement dialog = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm")));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("confirm-text"), R12));
        assertThat(browser.findElement(By.id("confirm-ok")).isDisplayed()).isFalse();
        shot("05-r12-refusal");
        browser.switchTo().activeElement().sendKeys(Keys.ESCAPE);
        wait.until(ExpectedConditions.invisibilityOf(dialog));

        // Restore with confirmation: Speech's slug is taken, the preview and the outcome say the new one.
        row("Speech").findElement(By.cssSelector("button.restore")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("confirm-text"), "comes back as \u201Cspeech-2\u201D"));
        assertThat(browser.findElement(By.id("confirm-text")).getText()).contains("Restore project \u201CSpeech\u201D");
        shot("06-restore-confirm");
        browser.findElement(By.id("confirm-ok")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"),
                "Restored project \u201CSpeech\u201D as \u201Cspeech-2\u201D"));
        waitForRows(3);
        assertThat(platform.list(acme, PlatformSchema.PROJECT)).extracting(Platform.Resource::slug)
                .contains("speech", "speech-2");
        shot("07-restored-renamed");

        // Delete with confirmation (cancel first: nothing happens).
        row("Street scenes").findElement(By.cssSelector("button.delete")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("confirm-text"), "cannot be undone"));
        assertThat(browser.findElement(By.id("confirm-text")).getText()).contains("dataset \u201CStreet scenes\u201D");
        browser.findElement(By.id("confirm-cancel")).click();
        assertThat(names()).contains("Street scenes");
        row("Street scenes").findElement(By.cssSelector("button.delete")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm-ok")));
        shot("08-delete-confirm");
        browser.findElement(By.id("confirm-ok")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"),
                "Deleted dataset \u201CStreet scenes\u201D permanently"));
        waitForRows(2);
        shot("09-deleted");

        // A narrow phone: the page still reads (no horizontal scrolling of the page itself).
        browser.manage().window().setSize(new Dimension(360, 800));
        Thread.sleep(200);
        Long scrollWidth = (Long) browser.executeScript("return document.documentElement.scrollWidth");
        assertThat(scrollWidth).isLessThanOrEqualTo(360);
        shot("10-narrow-360px");
        browser.manage().window().setSize(new Dimension(1100, 1000));

        // Empty Trash, confirmed: it names what goes.
        browser.findElement(By.id("empty-trash")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("confirm-text"),
                "This permanently deletes 2 items"));
        shot("11-empty-confirm");
        browser.findElement(By.id("confirm-ok")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Emptied the Trash: "));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("empty")));
        assertThat(browser.findElement(By.id("empty")).getText()).isEqualTo("The Trash is empty.");
        assertThat(platform.trash().storageSummary(acme).items()).isZero();
        shot("12-emptied");
    }

    private static void waitForRows(int n) {
        wait.until(d -> d.findElements(By.cssSelector("#items tbody tr")).size() == n);
    }

    @SuppressWarnings("unchecked")
    private static List<String> names() {
        return (List<String>) browser.executeScript("return Array.from(document.querySelectorAll('#items tbody tr'))"
                + ".map(tr => tr.querySelector('td.name').firstChild.textContent)");
    }

    private static WebElement row(String name) {
        return browser.findElements(By.cssSelector("#items tbody tr")).stream()
                .filter(tr -> tr.findElement(By.cssSelector("td.name")).getText().startsWith(name)
                        && !tr.findElement(By.cssSelector("td.name")).getText().startsWith(name + " ("))
                .findFirst().orElseThrow(() -> new AssertionError("no row " + name + " in " + names()));
    }

    private static String cell(String name, int column) {
        return row(name).findElements(By.tagName("td")).get(column).getText();
    }

    private static WebElement tab(String label) {
        return browser.findElements(By.cssSelector("[role=tab]")).stream().filter(t -> t.getText().equals(label))
                .findFirst().orElseThrow();
    }

    private static String colour(WebElement element) {
        return element.getCssValue("background-color").replace("rgba(", "rgb(").replaceAll(", 1\\)$", ")");
    }

    private static void shot(String name) throws IOException {
        File file = browser.getScreenshotAs(OutputType.FILE);
        Files.copy(file.toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}

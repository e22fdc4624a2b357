package org.inbasket.gateway.portal;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's chromium and chromium-driver, headless on a phone-sized window, for the portal's browser tests (the
 * portal alone and the portal inside the running gateway). Accepts the test servers' self-signed certificates.
 *
 * <p>A test is skipped (assumption) only when {@code /usr/bin/chromedriver} is absent and
 * {@code portal.browser.required} is not {@code true}; CI sets it, so a missing browser fails there.</p>
 */
public final class HeadlessChromium {
    public static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    public static final Path BROWSER = Path.of("/usr/bin/chromium");

    private HeadlessChromium() {
    }

    /** Skips the calling test when the browser is absent and not required. */
    public static void assumeAvailable() {
        boolean required = Boolean.parseBoolean(System.getProperty("portal.browser.required", "false"));
        assumeTrue(required || Files.isExecutable(DRIVER),
            "Browser tests skipped: /usr/bin/chromedriver is absent (apt-get install chromium chromium-driver) and "
                + "-Dportal.browser.required=true is not set");
    }

    /** A new browser that saves downloads into {@code downloads} without asking. */
    public static ChromeDriver start(Path downloads) {
        System.setProperty("webdriver.chrome.driver", DRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--window-size=412,915", "--force-device-scale-factor=1", "--lang=en-US");
        options.setAcceptInsecureCerts(true);
        Map<String, Object> prefs = new HashMap<>();
        prefs.put("download.default_directory", downloads.toAbsolutePath().toString());
        prefs.put("download.prompt_for_download", false);
        options.setExperimentalOption("prefs", prefs);
        ChromeDriverService service = new ChromeDriverService.Builder()
            .usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        driver.executeCdpCommand("Browser.setDownloadBehavior", Map.of("behavior", "allow",
            "downloadPath", downloads.toAbsolutePath().toString()));
        return driver;
    }
}

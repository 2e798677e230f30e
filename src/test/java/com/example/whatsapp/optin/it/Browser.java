package com.example.whatsapp.optin.it;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;

/**
 * Debian's headless Chromium, driven by Debian's chromedriver: nothing is downloaded (Selenium
 * Manager is never asked, the paths are given). Missing, the browser tests fail: `.ci/run`
 * installs both packages. Elsewhere, {@code -Dchromium.binary=...} and {@code -Dchromedriver=...}
 * point at other installs.
 */
final class Browser {

    static final String CHROMIUM = System.getProperty("chromium.binary", "/usr/bin/chromium");
    static final String CHROMEDRIVER = System.getProperty("chromedriver", "/usr/bin/chromedriver");

    private Browser() {
    }

    static ChromeDriver start() {
        for (String program : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(Path.of(program))) {
                throw new AssertionError(program + " is missing: the browser tests need Debian's chromium and "
                        + "chromium-driver (apt-get install chromium chromium-driver; .ci/run installs them)");
            }
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1200,900", "--no-first-run", "--disable-extensions", "--disable-sync",
                "--disable-background-networking", "--disable-component-update", "--disable-default-apps",
                "--lang=en-US");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(CHROMEDRIVER).toFile())
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }

    /** The console's entries since the last call. */
    static List<LogEntry> console(ChromeDriver browser) {
        return browser.manage().logs().get(LogType.BROWSER).getAll();
    }
}

package io.moi.browser;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven by Debian's chromedriver. Both paths are given, so Selenium
 * Manager never runs and nothing is downloaded; the flags keep Chromium off the network (stack.md,
 * "Headless Chromium").
 */
public final class Chromium implements AutoCloseable {

  static final String BROWSER = System.getProperty("it.chromium", "/usr/bin/chromium");
  static final String DRIVER = System.getProperty("it.chromedriver", "/usr/bin/chromedriver");

  public final ChromeDriver driver;
  private final Path profile;

  private Chromium(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  public static Chromium start() throws IOException {
    for (String path : new String[] {BROWSER, DRIVER}) {
      if (!new File(path).canExecute()) {
        throw new IllegalStateException(
            path + " is missing: apt-get install chromium chromium-driver (.ci/run does)");
      }
    }
    Path profile = Files.createTempDirectory("chromium-profile");
    var service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(DRIVER))
            .usingAnyFreePort()
            .build();
    var options = new ChromeOptions();
    options.setBinary(BROWSER);
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--user-data-dir=" + profile,
        "--window-size=1280,800",
        "--lang=en-US");
    var driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
    return new Chromium(driver, profile);
  }

  @Override
  public void close() throws IOException {
    try {
      driver.quit();
    } finally {
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }
}

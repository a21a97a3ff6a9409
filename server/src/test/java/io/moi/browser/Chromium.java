package io.moi.browser;

import io.moi.ItAccounts;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

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

  /**
   * Signs {@code user} in through the login page of the server at {@code base} (with the test
   * accounts' password), from a browser with no cookies left, and waits for the dashboard to name
   * the user.
   */
  void signIn(URL base, String user, Duration wait) {
    driver.get(base + "login.html");
    driver.manage().deleteAllCookies();
    driver.get(base + "login.html");
    driver.findElement(By.name("username")).sendKeys(user);
    driver.findElement(By.name("password")).sendKeys(ItAccounts.PASSWORD);
    driver.findElement(By.cssSelector("button[type=submit]")).click();
    new WebDriverWait(driver, wait).until(d -> user.equals(d.findElement(By.id("user")).getText()));
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

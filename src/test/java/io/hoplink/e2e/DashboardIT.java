package io.hoplink.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * The admin pages in a real headless Chromium against the packaged jar, with 1000 services and
 * 1000 clients (ten namespaces) and traffic flowing: the dashboard draws live numbers that
 * change, its client table shows and filters the 1000 clients and opens one to its endpoints,
 * the graph groups the services, the delegator resolves a name to its address, /requests lists
 * what was sampled, and no page logs a console error. Screenshots go to target/dashboard/.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardIT {
  private static final int APPS = 1000;
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Path SHOTS = Path.of("target", "dashboard");

  @TempDir
  static Path dir;
  private DashboardRig rig;
  private ChromeDriver browser;

  @BeforeAll
  void start() throws Exception {
    rig = DashboardRig.start(dir, APPS);
    assertEquals(0, rig.hitEveryApp(), "every app answers once through the router");
    rig.startTraffic(2, 5, 40);
    browser = DashboardRig.browser(dir.resolve("chromium"), 1400, 1600);
    Files.createDirectories(SHOTS);
  }

  @AfterAll
  void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (rig != null) {
      rig.close();
    }
  }

  @Test
  void dashboardShowsLiveNumbersAndAThousandClients() throws Exception {
    browser.get(rig.admin() + "/");
    await("two samples drawn", () -> samples() >= 2);
    WebElement rps = browser.findElement(By.cssSelector(".card[data-router=outgoing] [data-metric=rps]"));
    await("a request rate above zero", () -> number(rps.getText()) > 0);
    String totalBefore = totals();
    long drawn = samples();
    await("two more samples", () -> samples() >= drawn + 2);
    await("the request total goes up", () -> !totals().equals(totalBefore));
    assertTrue(number(browser.findElement(By.cssSelector(
        ".card[data-router=outgoing] [data-metric=p99]")).getText()) >= 0, "a p99 is shown");

    WebElement clients = browser.findElement(By.id("clients"));
    await("1000 clients", () -> clients.findElement(By.className("count")).getText()
        .equals(APPS + " clients"));
    assertEquals(25, clients.findElements(By.cssSelector("tbody tr")).size(), "one page drawn");
    WebElement services = browser.findElement(By.id("services"));
    await("1000 services", () -> services.findElement(By.className("count")).getText()
        .equals(APPS + " services"));
    WebElement graph = browser.findElement(By.id("graph"));
    await("the graph has every service in ten namespaces", () -> graph.findElement(
        By.className("count")).getText().startsWith(APPS + " services, " + APPS + " clients, 10 groups"));
    assertTrue(graph.findElements(By.cssSelector("g.node.closed")).size() >= 10,
        "large namespaces start closed");
    screenshot("dashboard");

    String app = DashboardRig.app(517);
    WebElement filter = clients.findElement(By.className("filter"));
    filter.sendKeys(app);
    await("the filter leaves one client", () -> clients.findElement(By.className("count"))
        .getText().equals("1 of " + APPS + " clients"));
    // the table is drawn again with each sample: a row found just before one may be gone
    // (await asks again after a stale element)
    await("the client's row opens", () -> {
      clients.findElement(By.cssSelector("tbody tr button.expand")).click();
      return true;
    });
    await("its endpoint with balancer and accrual state", () -> {
      String detail = clients.findElement(By.cssSelector("tr.detail")).getText();
      return detail.contains("127.0.0.1:" + rig.backendPort()) && detail.contains("open")
          && detail.contains("alive");
    });
    graph.findElement(By.className("filter")).sendKeys(app);
    await("the graph filter shows the app's service and client", () -> graph.findElements(
        By.cssSelector("g.node[data-name$='" + app + "']")).size() == 2);
    screenshot("dashboard-filtered");
    assertNoConsoleErrors("/");
  }

  @Test
  void delegatorResolvesANameToItsAddress() throws Exception {
    String app = DashboardRig.app(42);
    browser.get(rig.admin() + "/delegator");
    WebElement path = browser.findElement(By.id("path"));
    path.clear();
    path.sendKeys(DashboardRig.path(42).replace("/team", "/svc/team"));
    browser.findElement(By.cssSelector("#delegate-form button[type=submit]")).click();
    await("bound to the app's client and address", () -> {
      List<WebElement> ids = browser.findElements(By.className("bound-id"));
      List<WebElement> addresses = browser.findElements(By.className("address"));
      return ids.size() == 1 && ids.get(0).getText().equals("/#/io.l5d.fs/" + app)
          && addresses.size() == 1
          && addresses.get(0).getText().equals("127.0.0.1:" + rig.backendPort());
    });
    assertTrue(browser.findElement(By.id("result")).getText().contains("/svc/* => /#/io.l5d.fs"),
        "the dentry that rewrote it is shown");
    assertTrue(browser.getCurrentUrl().contains("path=%2Fsvc%2Fteam2%2F" + app),
        "the lookup is in the URL: " + browser.getCurrentUrl());
    browser.findElement(By.cssSelector("#dtab-box summary")).click();
    WebElement dtab = browser.findElement(By.id("dtab"));
    dtab.sendKeys("/svc/team2 => /$/inet/127.0.0.1/" + rig.backendPort() + ";");
    browser.findElement(By.cssSelector("#delegate-form button[type=submit]")).click();
    await("the override binds the inet address", () -> browser.findElements(
        By.className("bound-id")).stream().anyMatch(e -> e.getText()
            .equals("/$/inet/127.0.0.1/" + rig.backendPort())));
    screenshot("delegator");
    assertNoConsoleErrors("/delegator");
  }

  @Test
  void recentRequestsListsSampledRequests() throws Exception {
    browser.get(rig.admin() + "/requests");
    WebElement recent = browser.findElement(By.id("recent"));
    await("sampled requests with their endpoint", () -> {
      String text = recent.getText();
      return text.contains("/svc/team") && text.contains("127.0.0.1:" + rig.backendPort())
          && text.contains("/#/io.l5d.fs/");
    });
    await("200 requests kept", () -> recent.findElement(By.className("count")).getText()
        .equals("200 requests"));
    screenshot("requests");
    assertNoConsoleErrors("/requests");
    assertEquals(List.of(), rig.failures(), "the traffic had no failure");
  }

  private long samples() {
    String value = browser.findElement(By.tagName("body")).getAttribute("data-samples");
    return value == null ? 0 : Long.parseLong(value);
  }

  private String totals() {
    return browser.findElement(By.cssSelector("#totals tr.router")).getText();
  }

  private static double number(String text) {
    try {
      return Double.parseDouble(text.replace(",", "").replace("%", ""));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private void await(String what, Supplier<Boolean> condition) throws Exception {
    if (!DashboardRig.await(condition::get, WAIT)) {
      screenshot("failed");
      throw new AssertionError("not within " + WAIT + ": " + what + "\nconsole: " + console()
          + "\nrouter log:\n" + rig.router().log());
    }
  }

  private void screenshot(String name) throws Exception {
    Path file = browser.getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(file, SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }

  private List<String> console() {
    List<String> out = new ArrayList<>();
    for (LogEntry entry : browser.manage().logs().get(LogType.BROWSER)) {
      out.add(entry.getLevel() + " " + entry.getMessage());
    }
    return out;
  }

  private void assertNoConsoleErrors(String page) {
    List<String> errors = console().stream().filter(line -> line.startsWith("SEVERE")).toList();
    assertEquals(List.of(), errors, "console errors on " + page);
  }
}

package io.hoplink.bench;

import io.hoplink.e2e.DashboardRig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * How long the dashboard takes with many clients, in a real headless Chromium against the jar
 * (run by src/test/bench/dashboard-bench.sh): the first complete render after the page is
 * opened, the redraw of each one-second sample, a client filter, opening every graph group; and
 * on the server, one sample of the tree as /dashboard.json and its size.
 */
public final class DashboardBench {
  private DashboardBench() {}

  public static void main(String[] args) throws Exception {
    int apps = Integer.getInteger("apps", 1000);
    int loads = Integer.getInteger("loads", 5);
    int screenshotAfter = Integer.getInteger("screenshotAfter", 0);
    Path dir = Files.createTempDirectory("dashboard-bench");
    Path out = Path.of("target", "dashboard-bench");
    Files.createDirectories(out);
    try (DashboardRig rig = DashboardRig.start(dir, apps)) {
      if (rig.hitEveryApp() != 0) {
        throw new IllegalStateException("some apps did not answer 200");
      }
      rig.startTraffic(2, 5, 40);
      List<Double> json = new ArrayList<>();
      HttpClient http = HttpClient.newHttpClient();
      int bytes = 0;
      for (int i = 0; i < 20; i++) {
        long start = System.nanoTime();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(
            URI.create(rig.admin() + "/dashboard.json")).build(), HttpResponse.BodyHandlers.ofString());
        json.add((System.nanoTime() - start) / 1e6);
        bytes = r.body().length();
      }
      ChromeDriver browser = DashboardRig.browser(dir.resolve("chromium"), 1400, 1600);
      try {
        List<Double> first = new ArrayList<>();
        List<Double> tick = new ArrayList<>();
        List<Double> filter = new ArrayList<>();
        List<Double> openAll = new ArrayList<>();
        List<Double> streamed = new ArrayList<>();
        JavascriptExecutor js = browser;
        for (int i = 0; i < loads; i++) {
          browser.get(rig.admin() + "/");
          await(() -> samples(browser) >= 1);
          first.add(Double.parseDouble(attribute(browser, "data-first-sample-at")));
          long seen = samples(browser);
          for (int t = 0; t < 5; t++) {
            long wanted = seen + t + 1;
            await(() -> samples(browser) >= wanted);
            tick.add(Double.parseDouble(attribute(browser, "data-render-ms")));
            streamed.add(Double.parseDouble(attribute(browser, "data-sample-bytes")));
          }
          filter.add(((Number) js.executeScript("""
              const input = document.querySelector('#clients .filter');
              const start = performance.now();
              input.value = arguments[0];
              input.dispatchEvent(new Event('input'));
              return performance.now() - start;""", DashboardRig.app(apps / 2))).doubleValue());
          openAll.add(((Number) js.executeScript("""
              const button = [...document.querySelectorAll('#graph button')]
                  .find(b => b.textContent === 'open all');
              const start = performance.now();
              button.click();
              return performance.now() - start;""")).doubleValue());
        }
        System.out.printf("dashboard with %d services and %d clients, %d page loads%n", apps, apps,
            loads);
        row("first complete render after navigation (ms)", first);
        row("redraw of one sample, tables + graph (ms)", tick);
        row("client filter applied (ms)", filter);
        row("graph: open every group (ms)", openAll);
        row("/dashboard.json, one sample of the tree (ms, server)", json);
        System.out.printf("one whole sample (/dashboard.json): %d bytes of JSON%n", bytes);
        row("one tick on the stream, the rows that changed (bytes)", streamed);
        if (screenshotAfter > 0) {
          browser.manage().window().setSize(new org.openqa.selenium.Dimension(1400, 2300));
          browser.get(rig.admin() + "/");
          Thread.sleep(Duration.ofSeconds(screenshotAfter).toMillis());
          browser.findElement(By.cssSelector("#clients tbody tr button.expand")).click();
          Thread.sleep(1500);
          Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
          Files.copy(shot, out.resolve("dashboard.png"), StandardCopyOption.REPLACE_EXISTING);
          System.out.println("screenshot: " + out.resolve("dashboard.png"));
        }
      } finally {
        browser.quit();
      }
    }
  }

  private static String attribute(ChromeDriver browser, String name) {
    return browser.findElement(By.tagName("body")).getAttribute(name);
  }

  private static long samples(ChromeDriver browser) {
    String value = attribute(browser, "data-samples");
    return value == null ? 0 : Long.parseLong(value);
  }

  private static void await(java.util.function.BooleanSupplier condition) throws Exception {
    if (!DashboardRig.await(condition, Duration.ofSeconds(30))) {
      throw new IllegalStateException("the dashboard did not draw within 30 s");
    }
  }

  private static void row(String what, List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    System.out.printf("%-55s median %7.1f   min %7.1f   max %7.1f   (n=%d)%n", what,
        sorted.get(sorted.size() / 2), sorted.get(0), sorted.get(sorted.size() - 1),
        sorted.size());
  }
}

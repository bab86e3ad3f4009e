package io.hoplink.e2e;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * A router with many services and clients and traffic through it, and a headless Chromium to
 * look at its admin pages: for {@code DashboardIT} and the dashboard benchmark. The router names
 * {@code /team<k>/t<k>-app<j>} {@code /svc/team<k>/t<k>-app<j>} (io.l5d.path, two segments), and
 * {@code /svc/* => /#/io.l5d.fs} binds it to the io.l5d.fs file {@code t<k>-app<j>}: one service
 * and one client per app, ten namespaces, all answered by one backend.
 */
public final class DashboardRig implements AutoCloseable {
  public static final String CHROMIUM = "/usr/bin/chromium";
  public static final String CHROMEDRIVER = "/usr/bin/chromedriver";
  /** Namespaces (teams) the apps are spread over. */
  public static final int TEAMS = 10;

  private final TestBackend backend;
  private final HoplinkProcess router;
  private final int apps;
  private final HttpClient client = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  private final AtomicBoolean loading = new AtomicBoolean();
  private final AtomicLong sent = new AtomicLong();
  private final List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
  private final List<Thread> load = new ArrayList<>();

  private DashboardRig(TestBackend backend, HoplinkProcess router, int apps) {
    this.backend = backend;
    this.router = router;
    this.apps = apps;
  }

  /** The backend, {@code apps} discovery files and the jar, started in {@code dir}. */
  public static DashboardRig start(Path dir, int apps) throws IOException {
    return start(dir, apps, Map.of());
  }

  /**
   * As {@link #start(Path, int)}, with {@code more} io.l5d.fs files (name to a port on
   * 127.0.0.1; {@code /<any>/<name>} reaches it) and the router's JVM started with
   * {@code jvmArgs}.
   */
  public static DashboardRig start(Path dir, int apps, Map<String, Integer> more,
      String... jvmArgs) throws IOException {
    TestBackend backend = new TestBackend("app");
    try {
      Path disco = Files.createDirectories(dir.resolve("disco"));
      for (int i = 0; i < apps; i++) {
        Files.writeString(disco.resolve(app(i)), "127.0.0.1 " + backend.port() + "\n");
      }
      for (Map.Entry<String, Integer> file : more.entrySet()) {
        Files.writeString(disco.resolve(file.getKey()), "127.0.0.1 " + file.getValue() + "\n");
      }
      int cache = Math.max(1000, apps * 2);
      String config = """
          admin: {ip: 127.0.0.1, port: 0}
          namers:
          - kind: io.l5d.fs
            rootDir: %s
          telemetry:
          - kind: io.l5d.recentRequests
            sampleRate: 1.0
            capacity: 200
          routers:
          - protocol: http
            label: outgoing
            identifier: {kind: io.l5d.path, segments: 2}
            dtab: |
              /svc/* => /#/io.l5d.fs;
            bindingCache: {paths: %d, trees: %d, clients: %d, bounds: %d}
            servers:
            - {ip: 127.0.0.1, port: 0}
          """.formatted(disco.toAbsolutePath(), cache, cache, cache, cache);
      return new DashboardRig(backend, HoplinkProcess.start(dir, config, jvmArgs), apps);
    } catch (IOException | RuntimeException e) {
      backend.close();
      throw e;
    }
  }

  /** The name of app {@code i}: {@code t3-app17}. */
  public static String app(int i) {
    return "t" + (i % TEAMS) + "-app" + i / TEAMS;
  }

  /** The URL path that names app {@code i}: {@code /team3/t3-app17}. */
  public static String path(int i) {
    return "/team" + (i % TEAMS) + "/" + app(i);
  }

  public String admin() {
    return "http://127.0.0.1:" + router.adminPort();
  }

  public int backendPort() {
    return backend.port();
  }

  public HoplinkProcess router() {
    return router;
  }

  /** Sends one request to every app, eight at a time; returns how many were not a 200. */
  public int hitEveryApp() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> statuses = new ArrayList<>();
      for (int i = 0; i < apps; i++) {
        String path = path(i);
        statuses.add(pool.submit(() -> send(path)));
      }
      int bad = 0;
      for (Future<Integer> status : statuses) {
        bad += status.get() == 200 ? 0 : 1;
      }
      return bad;
    } finally {
      pool.shutdownNow();
    }
  }

  private int send(String path) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + router.port("outgoing") + path))
        .timeout(Duration.ofSeconds(10)).GET().build();
    return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  /**
   * Keeps {@code threads} loops sending to the first {@code hot} apps, about
   * {@code perSecond} requests a second each, until closed (at most 10 minutes).
   */
  public void startTraffic(int threads, int hot, int perSecond) {
    loading.set(true);
    long until = System.nanoTime() + Duration.ofMinutes(10).toNanos();
    for (int t = 0; t < threads; t++) {
      Thread thread = new Thread(() -> {
        long n = 0;
        while (loading.get() && System.nanoTime() - until < 0) {
          try {
            int status = send(path((int) (n++ % hot)));
            sent.incrementAndGet();
            if (status != 200) {
              failures.add("status " + status);
            }
            Thread.sleep(1000L / perSecond);
          } catch (InterruptedException e) {
            return;
          } catch (IOException e) {
            failures.add(e.toString());
          }
        }
      }, "dashboard-traffic-" + t);
      thread.setDaemon(true);
      load.add(thread);
      thread.start();
    }
  }

  public long sent() {
    return sent.get();
  }

  public List<String> failures() {
    return List.copyOf(failures);
  }

  /** A headless Chromium through chromedriver, both Debian's, with its console log kept. */
  public static ChromeDriver browser(Path profile, int width, int height) {
    if (!new File(CHROMIUM).canExecute() || !new File(CHROMEDRIVER).canExecute()) {
      throw new IllegalStateException(CHROMIUM + " and " + CHROMEDRIVER + " are needed: "
          + "apt-get install chromium chromium-driver (.ci/run does)");
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    // What this machine needs: no sandbox as root, no GPU, and no background connections
    // (there is no network but the loopback).
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-dev-shm-usage", "--user-data-dir=" + profile.toAbsolutePath(),
        "--window-size=" + width + "," + height);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
    return new ChromeDriver(service, options);
  }

  /** Polls {@code condition} every 50 ms for at most {@code timeout}; false if it never held. */
  public static boolean await(BooleanSupplier condition, Duration timeout)
      throws InterruptedException {
    long until = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() - until < 0) {
      try {
        if (condition.getAsBoolean()) {
          return true;
        }
      } catch (RuntimeException e) {
        // the page is still changing (a stale element): ask again
      }
      Thread.sleep(50);
    }
    return condition.getAsBoolean();
  }

  @Override
  public void close() {
    loading.set(false);
    for (Thread thread : load) {
      thread.interrupt();
    }
    router.close();
    backend.close();
  }
}

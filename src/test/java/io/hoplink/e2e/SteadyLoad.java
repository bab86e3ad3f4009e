package io.hoplink.e2e;

import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded client loop through a router: a few threads send requests one after the other on
 * keep-alive connections, to a port the test may move (or, as an app with {@code http_proxy},
 * for one URL through a router as its proxy), counting every answer by its body and every
 * request that did not end in a 200 (a connection error, a timeout, any other status). It stops
 * when closed, or after {@link #MAX_REQUESTS} or {@link #MAX_TIME}.
 */
final class SteadyLoad implements AutoCloseable {
  static final int MAX_REQUESTS = 200_000;
  static final Duration MAX_TIME = Duration.ofMinutes(2);

  private final HttpClient client;
  /** The URL asked through the proxy, or null when requests go to the port itself. */
  private final URI proxied;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicInteger port;
  private final AtomicLong sent = new AtomicLong();
  private final Map<String, AtomicLong> bodies = new ConcurrentHashMap<>();
  private final List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
  private final List<Thread> threads = new ArrayList<>();

  private SteadyLoad(int port, URI proxied) {
    this.port = new AtomicInteger(port);
    this.proxied = proxied;
    HttpClient.Builder client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5));
    if (proxied != null) {
      client.proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", port)));
    }
    this.client = client.build();
  }

  /** Starts {@code threads} loops against {@code 127.0.0.1:port}. */
  static SteadyLoad start(int port, int threads) {
    return start(new SteadyLoad(port, null), threads);
  }

  /** Starts {@code threads} loops asking for {@code url} through the proxy 127.0.0.1:port. */
  static SteadyLoad throughProxy(int port, String url, int threads) {
    return start(new SteadyLoad(port, URI.create(url)), threads);
  }

  private static SteadyLoad start(SteadyLoad load, int threads) {
    long until = System.nanoTime() + MAX_TIME.toNanos();
    for (int i = 0; i < threads; i++) {
      Thread thread = new Thread(() -> load.loop(until), "steady-load-" + i);
      thread.setDaemon(true);
      load.threads.add(thread);
      thread.start();
    }
    return load;
  }

  private void loop(long untilNanos) {
    while (running.get() && sent.incrementAndGet() <= MAX_REQUESTS
        && System.nanoTime() - untilNanos < 0) {
      int target = port.get();
      URI uri = proxied != null ? proxied : URI.create("http://127.0.0.1:" + target + "/");
      HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build();
      try {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          bodies.computeIfAbsent(response.body(), k -> new AtomicLong()).incrementAndGet();
        } else {
          failures.add(target + ": " + response.statusCode() + " "
              + response.headers().firstValue("l5d-err").orElse(response.body()));
        }
      } catch (java.io.IOException e) {
        failures.add(target + ": " + e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Later requests go to {@code port} (not through a proxy: its client keeps its proxy). */
  void moveTo(int port) {
    if (proxied != null) {
      throw new IllegalStateException("the requests go through the proxy at " + this.port);
    }
    this.port.set(port);
  }

  /** How many requests were answered with {@code body}. */
  long answered(String body) {
    AtomicLong n = bodies.get(body);
    return n == null ? 0 : n.get();
  }

  /** Waits until {@code body} has been answered {@code more} more times, or fails. */
  void awaitAnswers(String body, long more, Duration timeout) {
    long target = answered(body) + more;
    long deadline = System.nanoTime() + timeout.toNanos();
    while (answered(body) < target) {
      if (System.nanoTime() - deadline > 0 || !running.get()) {
        throw new AssertionError("'" + body + "' answered " + answered(body) + " times, not "
            + target + ", within " + timeout + "; failures: " + failures());
      }
      HoplinkProcess.pause();
    }
  }

  List<String> failures() {
    synchronized (failures) {
      return List.copyOf(failures);
    }
  }

  long total() {
    return bodies.values().stream().mapToLong(AtomicLong::get).sum() + failures.size();
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    for (Thread thread : threads) {
      thread.join(15_000);
    }
  }
}

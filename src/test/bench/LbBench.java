import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The five balancers against real backends, one of which turns slow: hoplink (the jar) in front
 * of BACKENDS in-process HTTP servers answering in 5 ms plus an exponential tail (mean 2 ms);
 * backend 0 answers ten times slower during the middle third of each run. For each balancer a
 * fresh router, warmed up for WARMUP seconds; then an open-loop client sends RATE requests per
 * second for DURATION seconds and prints p50, p99, p99.9 and the share answered 200 within
 * TIMEOUT_MS. Run by lb-bench.sh.
 */
public final class LbBench {
  private static volatile boolean slow;

  public static void main(String[] args) throws Exception {
    String jar = env("HOPLINK_JAR", "target/hoplink.jar");
    int backends = Integer.parseInt(env("BACKENDS", "10"));
    int rate = Integer.parseInt(env("RATE", "400"));
    int seconds = Integer.parseInt(env("DURATION", "30"));
    // At least ewma's decay time (10 s), so the peaks of a cold JVM have faded when measuring.
    int warmup = Integer.parseInt(env("WARMUP", "15"));
    long timeoutMs = Long.parseLong(env("TIMEOUT_MS", "50"));
    List<String> kinds = List.of(env("KINDS", "roundRobin p2c heap aperture ewma").split(" +"));

    Path work = Files.createTempDirectory("lb-bench");
    StringBuilder disco = new StringBuilder();
    for (int i = 0; i < backends; i++) {
      disco.append("127.0.0.1 ").append(backend(i == 0)).append('\n');
    }
    Files.createDirectories(work.resolve("disco"));
    Files.writeString(work.resolve("disco/bench"), disco);
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .executor(Executors.newFixedThreadPool(4)).build();

    System.out.printf("%d backends, %d req/s for %d s, backend 0 slow (x10) in the middle third%n",
        backends, rate, seconds);
    System.out.printf("%-11s %8s %8s %8s %12s%n", "balancer", "p50 ms", "p99 ms", "p99.9 ms",
        "ok<" + timeoutMs + "ms");
    for (String kind : kinds) {
      int port = freePort();
      int admin = freePort();
      Path config = work.resolve(kind + ".yaml");
      Files.writeString(config, String.join("\n",
          "admin: {ip: 127.0.0.1, port: " + admin + "}",
          "namers: [{kind: io.l5d.fs, rootDir: " + work.resolve("disco") + "}]",
          "routers:",
          "- protocol: http",
          "  label: bench",
          "  dtab: /svc => /#/io.l5d.fs;",
          "  servers: [{ip: 127.0.0.1, port: " + port + "}]",
          "  client: {loadBalancer: {kind: " + kind + "}}", ""));
      Process router = new ProcessBuilder(env("JAVA", "java"), "-jar", jar, config.toString())
          .redirectErrorStream(true).redirectOutput(work.resolve(kind + ".log").toFile()).start();
      try {
        URI uri = URI.create("http://127.0.0.1:" + port + "/");
        waitUntilServing(client, uri, router);
        run(client, uri, rate, warmup, false); // not measured
        long[] latencies = run(client, uri, rate, seconds, true);
        Arrays.sort(latencies);
        long ok = Arrays.stream(latencies).filter(l -> l <= timeoutMs * 1_000_000).count();
        System.out.printf("%-11s %8.1f %8.1f %8.1f %11.2f%%%n", kind, q(latencies, 0.5),
            q(latencies, 0.99), q(latencies, 0.999), 100.0 * ok / latencies.length);
      } finally {
        router.destroy();
        router.waitFor(10, TimeUnit.SECONDS);
      }
    }
    System.exit(0);
  }

  /** Open loop: a request every 1/rate s; a failed request counts as Long.MAX_VALUE. */
  private static long[] run(HttpClient client, URI uri, int rate, int seconds, boolean withSlowPhase)
      throws Exception {
    HttpRequest request = HttpRequest.newBuilder(uri).header("Host", "bench")
        .timeout(Duration.ofSeconds(10)).build();
    ConcurrentLinkedQueue<Long> done = new ConcurrentLinkedQueue<>();
    List<CompletableFuture<?>> sent = new ArrayList<>();
    long interval = 1_000_000_000L / rate;
    long start = System.nanoTime();
    int total = rate * seconds;
    for (int i = 0; i < total; i++) {
      long due = start + i * interval;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      slow = withSlowPhase && i >= total / 3 && i < 2 * total / 3;
      long sentAt = System.nanoTime();
      sent.add(client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
          .handle((response, error) -> done.add(error == null && response.statusCode() == 200
              ? System.nanoTime() - sentAt : Long.MAX_VALUE)));
    }
    slow = false;
    CompletableFuture.allOf(sent.toArray(new CompletableFuture<?>[0])).join();
    return done.stream().mapToLong(Long::longValue).toArray();
  }

  private static int backend(boolean turnsSlow) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
    server.setExecutor(Executors.newCachedThreadPool());
    byte[] body = "ok".getBytes(StandardCharsets.US_ASCII);
    server.createContext("/", exchange -> {
      double millis = 5 - 2 * Math.log(1 - ThreadLocalRandom.current().nextDouble());
      try {
        Thread.sleep((long) (turnsSlow && slow ? millis * 10 : millis));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    return server.getAddress().getPort();
  }

  private static void waitUntilServing(HttpClient client, URI uri, Process router) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(uri).header("Host", "bench")
        .timeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline && router.isAlive()) {
      try {
        if (client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("hoplink did not start serving; see its log");
  }

  private static double q(long[] sorted, double q) {
    long v = sorted[Math.max((int) Math.ceil(q * sorted.length) - 1, 0)];
    return v == Long.MAX_VALUE ? Double.POSITIVE_INFINITY : v / 1e6;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}

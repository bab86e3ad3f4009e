package io.hoplink.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Access logs and event lines of the packaged router: curl's requests over HTTP/1.1 and HTTP/2
 * are one line each in Linkerd's format, a dead backend is a 502 and one upstream error line,
 * the JSON log format parses line by line, a size roll policy rolls and keeps the rotate count,
 * and SIGTERM writes out what the log held.
 */
class AccessLogIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** host client - - [dd/MM/yyyy:HH:mm:ss zone] "METHOD target VERSION" status length "ref" "ua" */
  private static final Pattern LINE = Pattern.compile("(\\S+) (\\S+) - - \\[(\\d\\d/\\d\\d/\\d{4}"
      + ":\\d\\d:\\d\\d:\\d\\d) (\\S+)] \"(\\S+) (\\S+) (\\S+)\" (\\d{3}|-) (\\d+|-) \"(.*)\""
      + " \"(.*)\"");

  @TempDir Path dir;
  private final Vertx vertx = Vertx.vertx();
  private HoplinkProcess router;

  @AfterEach
  void stop() throws Exception {
    if (router != null) {
      router.close();
    }
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** HTTP/1.1 and h2c with prior knowledge; answers {@code hello} (6 bytes with its newline). */
  private int backend() throws Exception {
    HttpServer server = vertx.createHttpServer(new HttpServerOptions()
            .setHttp2ClearTextEnabled(true))
        .requestHandler(req -> req.body().onSuccess(body -> req.response().end("hello\n")));
    return server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture()
        .get(10, TimeUnit.SECONDS).actualPort();
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** curl's status code for one request, with {@code args} before the URL. */
  private static String curl(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "10", "-o",
        "/dev/null", "-w", "%{http_code}"));
    command.addAll(List.of(args));
    Process curl = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(curl.waitFor(30, TimeUnit.SECONDS), "curl did not end: " + out);
    return out.strip();
  }

  private static void poll(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("not within " + timeout + ": " + what);
      }
      HoplinkProcess.pause();
    }
  }

  private static List<String> lines(Path file) {
    try {
      return Files.exists(file) ? Files.readAllLines(file) : List.of();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Matcher parsed(String line) {
    Matcher m = LINE.matcher(line);
    assertTrue(m.matches(), "not a Linkerd access log line: " + line);
    return m;
  }

  @Test
  void eachRequestIsOneLineADeadBackendOneEventLineAndJsonLogsParse() throws Exception {
    int backend = backend();
    int dead = closedPort();
    Path web = dir.resolve("logs/web.log");
    Path grid = dir.resolve("logs/grid.log");
    router = HoplinkProcess.start(dir, """
        admin: {port: 0}
        routers:
        - protocol: http
          label: web
          httpAccessLog: %s
          dtab: /svc/hello => /$/inet/127.0.0.1/%d; /svc/dead => /$/inet/127.0.0.1/%d;
          servers: [{port: 0}]
        - protocol: h2
          label: grid
          h2AccessLog: %s
          dtab: /svc/hello => /$/inet/127.0.0.1/%d;
          servers: [{port: 0}]
        """.formatted(web, backend, dead, grid, backend), "-Dhoplink.log.format=json");
    String webUrl = "http://127.0.0.1:" + router.port("web");
    for (int i = 1; i <= 5; i++) {
      assertEquals("200", curl("-H", "Host: hello", "-A", "agent/" + i, "-e", "http://ref/" + i,
          webUrl + "/r" + i + "?q=" + i));
    }
    assertEquals("502", curl("-H", "Host: dead", webUrl + "/down"));
    String gridUrl = "http://127.0.0.1:" + router.port("grid");
    for (int i = 1; i <= 2; i++) {
      assertEquals("200", curl("--http2-prior-knowledge", "-H", "Host: hello", "-A", "h2agent",
          gridUrl + "/g" + i));
    }
    poll("6 lines in web.log, 2 in grid.log", Duration.ofSeconds(10),
        () -> lines(web).size() >= 6 && lines(grid).size() >= 2);
    List<String> webLines = lines(web);
    assertEquals(6, webLines.size(), String.join("\n", webLines));
    for (int i = 1; i <= 5; i++) {
      String target = "/r" + i + "?q=" + i;
      List<String> mine = webLines.stream().filter(l -> l.contains(" " + target + " ")).toList();
      assertEquals(1, mine.size(), "one line for " + target + ": " + webLines);
      Matcher m = parsed(mine.get(0));
      assertEquals("hello", m.group(1));
      assertEquals("127.0.0.1", m.group(2));
      assertEquals("GET", m.group(5));
      assertEquals("HTTP/1.1", m.group(7));
      assertEquals("200", m.group(8));
      assertEquals("6", m.group(9));
      assertEquals("http://ref/" + i, m.group(10));
      assertEquals("agent/" + i, m.group(11));
    }
    Matcher down = parsed(webLines.stream().filter(l -> l.contains(" /down ")).findFirst()
        .orElseThrow());
    assertEquals("dead", down.group(1));
    assertEquals("502", down.group(8));
    for (String line : lines(grid)) {
      Matcher m = parsed(line);
      assertEquals("hello", m.group(1));
      assertEquals("+0000", m.group(4), "h2 lines are in UTC with its offset, as Linkerd's");
      assertEquals("HTTP/2", m.group(7));
      assertEquals("200", m.group(8));
      assertEquals("h2agent", m.group(11));
    }

    // The dead backend: one upstream error line, naming router, service, endpoint and why.
    List<JsonNode> log = new ArrayList<>();
    for (String line : router.log().split("\n")) {
      if (!line.isBlank()) {
        log.add(JSON.readTree(line)); // every line of the process log is one JSON object
      }
    }
    for (JsonNode entry : log) {
      assertTrue(entry.hasNonNull("time") && entry.hasNonNull("level")
          && entry.hasNonNull("logger") && entry.hasNonNull("message"), entry.toString());
    }
    List<String> upstreamErrors = log.stream()
        .filter(e -> e.get("logger").asText().equals("hoplink.events"))
        .map(e -> e.get("message").asText())
        .filter(m -> m.startsWith("upstream error"))
        .toList();
    assertEquals(1, upstreamErrors.size(), upstreamErrors.toString());
    assertTrue(upstreamErrors.get(0).startsWith("upstream error router=web service=/svc/dead"
        + " client=/$/inet/127.0.0.1/" + dead + " endpoint=127.0.0.1:" + dead + " status=502"
        + " reason=\"no connection to 127.0.0.1:" + dead), upstreamErrors.get(0));
    assertTrue(router.admin("/admin/metrics.json").contains("\"rt/web/access_log/dropped\":0"));

    // SIGTERM: the drain writes what the log holds before the process exits.
    assertEquals("200", curl("-H", "Host: hello", webUrl + "/last"));
    router.process().destroy();
    assertEquals(0, router.awaitExit(Duration.ofSeconds(30)));
    assertEquals(1, lines(web).stream().filter(l -> l.contains(" /last ")).count());
  }

  @Test
  void aSizeRollPolicyRollsAndKeepsTheRotateCount() throws Exception {
    int backend = backend();
    Path logs = dir.resolve("logs");
    router = HoplinkProcess.start(dir, """
        admin: {port: 0}
        routers:
        - protocol: http
          label: web
          httpAccessLog: %s
          httpAccessLogRollPolicy: 1.kilobyte
          httpAccessLogRotateCount: 2
          dtab: /svc/hello => /$/inet/127.0.0.1/%d;
          servers: [{port: 0}]
        """.formatted(logs.resolve("access.log"), backend));
    String url = "http://127.0.0.1:" + router.port("web");
    int requests = 40; // about 90 bytes a line: 3.5 kB, rolled three or four times
    for (int i = 1; i <= requests; i++) {
      assertEquals("200", curl("-H", "Host: hello", "-A", "a", url + "/n" + i));
    }
    Pattern rolled = Pattern.compile("access-\\d{8}-\\d{6}(\\.\\d+)?\\.log");
    poll("the last line written", Duration.ofSeconds(10),
        () -> lines(logs.resolve("access.log")).stream().anyMatch(l -> l.contains(" /n40 ")));
    List<Path> files;
    try (Stream<Path> list = Files.list(logs)) {
      files = list.sorted().toList();
    }
    List<Path> kept = files.stream()
        .filter(p -> rolled.matcher(p.getFileName().toString()).matches()).toList();
    assertEquals(2, kept.size(), "the rotate count: " + files);
    assertEquals(3, files.size(), "the live file and two rolled ones: " + files);
    List<Integer> numbers = new ArrayList<>();
    for (Path file : files) {
      assertTrue(Files.size(file) <= 1024, file + " is " + Files.size(file) + " bytes");
    }
    // Rolled files by their name's time, then number, then the live file: the newest lines.
    List<Path> inOrder = new ArrayList<>(kept);
    inOrder.sort((a, b) -> rolledOrder(a).compareTo(rolledOrder(b)));
    inOrder.add(logs.resolve("access.log"));
    for (Path file : inOrder) {
      for (String line : lines(file)) {
        Matcher m = parsed(line);
        numbers.add(Integer.parseInt(m.group(6).substring(2)));
      }
    }
    assertTrue(numbers.size() > 10 && numbers.size() < requests, numbers.toString());
    for (int i = 0; i < numbers.size(); i++) {
      assertEquals(requests - numbers.size() + 1 + i, numbers.get(i),
          "the last requests, once each and in order: " + numbers);
    }
  }

  /** A rolled file's place: the time in its name, then its number (none: 0). */
  private static String rolledOrder(Path file) {
    Matcher m = Pattern.compile("access-(\\d{8}-\\d{6})(?:\\.(\\d+))?\\.log")
        .matcher(file.getFileName().toString());
    assertTrue(m.matches(), file.toString());
    return m.group(1) + String.format("%06d", m.group(2) == null ? 0 : Integer.parseInt(m.group(2)));
  }
}

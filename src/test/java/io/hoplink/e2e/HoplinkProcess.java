package io.hoplink.e2e;

import static org.junit.jupiter.api.Assertions.fail;

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
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged jar running as a real process with a config written to a temp file. Ports in the
 * config are 0; the actual ones are read from the router's start-up log lines.
 */
public final class HoplinkProcess implements AutoCloseable {
  /**
   * One client for every admin call: a client made per call and dropped while its request was
   * in flight was seen to leave {@code send} waiting forever (JDK 17), past its timeout.
   */
  private static final HttpClient ADMIN_CLIENT = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();
  /** A start-up line, as text or in a JSON line's message ({@code -Dhoplink.log.format=json}). */
  private static final Pattern LISTENING =
      Pattern.compile("([^\\s\"]+) listening on ([^\\s\"]+):(\\d+)");

  private final Process process;
  private final Path log;
  private final String adminHost;

  private HoplinkProcess(Process process, Path log, String adminHost) {
    this.process = process;
    this.log = log;
    this.adminHost = adminHost;
  }

  static Path jar() {
    String jar = System.getProperty("hoplink.jar", "target/hoplink.jar");
    Path path = Path.of(jar);
    if (!Files.isRegularFile(path)) {
      fail("the packaged jar is missing at " + path + ": run mvn verify (package comes first)");
    }
    return path;
  }

  public static Path basedir() {
    return Path.of(System.getProperty("hoplink.basedir", "."));
  }

  /** Starts the jar with {@code config} and waits until every server and admin listen. */
  public static HoplinkProcess start(Path dir, String config, String... jvmArgs)
      throws IOException {
    Path file = dir.resolve("hoplink-" + System.nanoTime() + ".yaml");
    Files.writeString(file, config);
    HoplinkProcess p = launch(dir, List.of(jvmArgs), List.of(file.toString()));
    p.awaitLog("admin listening on", Duration.ofSeconds(30));
    return p;
  }

  /** {@link #start} with extra environment variables (NODE_NAME, POD_IP, ...). */
  static HoplinkProcess start(Path dir, String config, java.util.Map<String, String> env)
      throws IOException {
    Path file = dir.resolve("hoplink-" + System.nanoTime() + ".yaml");
    Files.writeString(file, config);
    HoplinkProcess p = launch(dir, List.of(), List.of(file.toString()), env);
    p.awaitLog("admin listening on", Duration.ofSeconds(30));
    return p;
  }

  /**
   * {@link #start} behind {@code prefix}, a command that runs the rest (such as
   * {@link MemoryCgroup#prefix()}, which starts the JVM inside a memory cgroup).
   */
  public static HoplinkProcess startBehind(Path dir, List<String> prefix, String config,
      List<String> jvmArgs) throws IOException {
    Path file = dir.resolve("hoplink-" + System.nanoTime() + ".yaml");
    Files.writeString(file, config);
    HoplinkProcess p = launch(dir, prefix, jvmArgs, List.of(file.toString()),
        java.util.Map.of(), "127.0.0.1");
    try {
      p.awaitLog("admin listening on", Duration.ofSeconds(30));
    } catch (AssertionError e) {
      p.close();
      throw e;
    }
    return p;
  }

  /**
   * Starts the jar with {@code config} and {@code env} behind {@code prefix} (such as
   * {@code ip netns exec <ns>}, which runs the router inside a network namespace) and returns at
   * once: await {@code "admin listening on"}. The admin server is asked at {@code adminHost}.
   */
  static HoplinkProcess launchIn(Path dir, List<String> prefix, String config,
      java.util.Map<String, String> env, String adminHost) throws IOException {
    Path file = dir.resolve("hoplink-" + System.nanoTime() + ".yaml");
    Files.writeString(file, config);
    return launch(dir, prefix, List.of(), List.of(file.toString()), env, adminHost);
  }

  /** Starts the jar with {@code args} and returns at once. */
  static HoplinkProcess launch(Path dir, List<String> jvmArgs, List<String> args)
      throws IOException {
    return launch(dir, jvmArgs, args, java.util.Map.of());
  }

  static HoplinkProcess launch(Path dir, List<String> jvmArgs, List<String> args,
      java.util.Map<String, String> env) throws IOException {
    return launch(dir, List.of(), jvmArgs, args, env, "127.0.0.1");
  }

  private static HoplinkProcess launch(Path dir, List<String> prefix, List<String> jvmArgs,
      List<String> args, java.util.Map<String, String> env, String adminHost) throws IOException {
    List<String> command = new ArrayList<>(prefix);
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmArgs);
    command.add("-jar");
    command.add(jar().toAbsolutePath().toString());
    command.addAll(args);
    Path log = dir.resolve("hoplink-" + System.nanoTime() + ".log");
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(env);
    Process process = builder
        .directory(basedir().toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    return new HoplinkProcess(process, log, adminHost);
  }

  public Process process() {
    return process;
  }

  public String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** Waits until the log holds {@code text}; fails with the log if the process dies first. */
  public void awaitLog(String text, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (log().contains(text)) {
        return;
      }
      if (!process.isAlive()) {
        fail("hoplink exited with " + process.exitValue() + " before logging '" + text + "':\n"
            + log());
      }
      pause();
    }
    fail("hoplink did not log '" + text + "' within " + timeout + ":\n" + log());
  }

  /** The port that {@code name} (a router label, or {@code admin}) listens on. */
  public int port(String name) {
    Matcher m = LISTENING.matcher(log());
    while (m.find()) {
      if (m.group(1).equals(name)) {
        return Integer.parseInt(m.group(3));
      }
    }
    throw new AssertionError("no '" + name + " listening on' line in:\n" + log());
  }

  public int adminPort() {
    return port("admin");
  }

  public String admin(String pathAndQuery) throws IOException, InterruptedException {
    HttpResponse<String> response = ADMIN_CLIENT.send(
        HttpRequest.newBuilder(URI.create("http://" + adminHost + ":" + adminPort() + pathAndQuery))
            .timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    return response.body();
  }

  /** Waits for the process to exit and returns its exit code. */
  public int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      fail("hoplink did not exit within " + timeout + ":\n" + log());
    }
    return process.exitValue();
  }

  static void pause() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

package io.hoplink.cds;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The training run behind hoplink's AppCDS archive: starts the jar with the DaemonSet's JVM flags
 * and {@code -XX:ArchiveClassesAtExit}, sends it what a router meets in service
 * ({@link TrainingTraffic}), stops it with SIGTERM (the JVM writes the archive as it exits after
 * the drain), and checks that the archive maps. The build runs it at {@code package}, the image
 * build once more with the image's own JVM.
 *
 * <pre>java -cp TEST_CLASSES:hoplink.jar io.hoplink.cds.CdsTraining JAR ARCHIVE L5D_YAML</pre>
 *
 * <p>JAR is run as given: an archive maps only for the class path it was dumped with. L5D_YAML
 * is the DaemonSet manifest whose JAVA_TOOL_OPTIONS are used, less its archive flags. Exits 1
 * with the reason (and the router's log) if the router does not come up, routes wrongly, does
 * not stop, or the archive is not written or does not map; no archive is left then.
 */
public final class CdsTraining {
  private static final Duration READY = Duration.ofSeconds(30);
  private static final Duration EXIT = Duration.ofSeconds(30);
  private static final Pattern LISTENING = Pattern.compile("(\\S+) listening on \\S+:(\\d+)");

  private CdsTraining() {}

  public static void main(String[] args) {
    if (args.length != 3) {
      System.err.println("usage: CdsTraining JAR ARCHIVE L5D_YAML");
      System.exit(64);
    }
    try {
      run(Path.of(args[0]), Path.of(args[1]), Path.of(args[2]));
      System.exit(0);
    } catch (TrainingFailed e) {
      System.err.println("cds training failed: " + e.getMessage());
      System.exit(1);
    } catch (Exception e) {
      System.err.println("cds training failed: " + e);
      e.printStackTrace();
      System.exit(1);
    }
  }

  static void run(Path jar, Path archive, Path manifest) throws Exception {
    long begin = System.nanoTime();
    Files.deleteIfExists(archive); // a stale archive would not match a new jar
    if (!Files.isRegularFile(jar)) {
      throw new TrainingFailed("no jar at " + jar);
    }
    Path partial = archive.resolveSibling(archive.getFileName() + ".partial");
    Files.deleteIfExists(partial);
    Path work = Files.createTempDirectory("hoplink-cds-training");
    Path log = work.resolve("router.log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    try (TrainingTraffic traffic = TrainingTraffic.start()) {
      Path config = traffic.writeConfig(work);
      List<String> command = new ArrayList<>(List.of(java));
      command.addAll(daemonsetFlags(manifest));
      command.add("-XX:ArchiveClassesAtExit=" + partial);
      command.addAll(List.of("-jar", jar.toString(), config.toString()));
      Process router = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(log.toFile()).start();
      Thread reaper = new Thread(router::destroyForcibly); // the build stopped: no router left
      Runtime.getRuntime().addShutdownHook(reaper);
      try {
        long ready = System.nanoTime();
        int admin = awaitReady(router, log, traffic);
        System.out.printf("cds training: router ready in %d ms%n", millisSince(ready));
        int requests = traffic.send(ports(log), admin);
        traffic.closeClients(); // idle keep-alive connections would only wait out the drain
        router.destroy(); // SIGTERM: drains, exits 0, the JVM dumps on its way out
        if (!router.waitFor(EXIT.toMillis(), TimeUnit.MILLISECONDS)) {
          throw new TrainingFailed("the router did not exit within " + EXIT + " of SIGTERM");
        }
        if (router.exitValue() != 0) {
          throw new TrainingFailed("the router exited with " + router.exitValue());
        }
        if (!Files.isRegularFile(partial) || Files.size(partial) == 0) {
          throw new TrainingFailed("the router exited but wrote no archive at " + partial);
        }
        checkMaps(java, partial, jar, work);
        Files.move(partial, archive, StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
        System.out.printf("cds training: %d requests; %s (%d MiB; left out: %s) in %d ms%n",
            requests, archive, Files.size(archive) >> 20, leftOut(log), millisSince(begin));
      } catch (Exception e) {
        String why = e instanceof TrainingFailed ? e.getMessage() : e.toString();
        throw new TrainingFailed(why + "\nthe router's log (" + log + "):\n" + tail(log));
      } finally {
        router.destroyForcibly();
        router.waitFor(10, TimeUnit.SECONDS);
        Runtime.getRuntime().removeShutdownHook(reaper);
        Files.deleteIfExists(partial);
      }
      deleteTree(work);
    }
  }

  /** JAVA_TOOL_OPTIONS of the manifest's container, without the archive it would map. */
  static List<String> daemonsetFlags(Path manifest) throws IOException {
    List<String> lines = Files.readAllLines(manifest);
    for (int i = 0; i + 1 < lines.size(); i++) {
      if (lines.get(i).trim().equals("- name: JAVA_TOOL_OPTIONS")
          && lines.get(i + 1).trim().startsWith("value: ")) {
        String value = lines.get(i + 1).trim().substring("value: ".length()).replace("\"", "");
        return Arrays.stream(value.trim().split("\\s+"))
            .filter(f -> !f.startsWith("-XX:SharedArchiveFile=") && !f.startsWith("-Xshare:"))
            .toList();
      }
    }
    throw new TrainingFailed("no JAVA_TOOL_OPTIONS value in " + manifest);
  }

  /** Polls the admin's ping until it answers pong; the admin's port comes from the log. */
  private static int awaitReady(Process router, Path log, TrainingTraffic traffic)
      throws Exception {
    long deadline = System.nanoTime() + READY.toNanos();
    while (System.nanoTime() < deadline) {
      if (!router.isAlive()) {
        throw new TrainingFailed("the router exited with " + router.exitValue() + " at start");
      }
      Integer admin = ports(log).get("admin");
      if (admin != null && traffic.pong(admin)) {
        return admin;
      }
      Thread.sleep(20);
    }
    throw new TrainingFailed("no pong from /admin/ping within " + READY);
  }

  /** Each "LABEL listening on HOST:PORT" line of the router's log. */
  private static java.util.Map<String, Integer> ports(Path log) throws IOException {
    java.util.Map<String, Integer> ports = new java.util.HashMap<>();
    Matcher m = LISTENING.matcher(Files.readString(log));
    while (m.find()) {
      ports.put(m.group(1), Integer.parseInt(m.group(2)));
    }
    return ports;
  }

  /** {@code -Xshare:on} refuses to start unless the archive maps for this JVM and jar. */
  private static void checkMaps(String java, Path archive, Path jar, Path work) throws Exception {
    Path out = work.resolve("check.log");
    Process check = new ProcessBuilder(java, "-XX:SharedArchiveFile=" + archive, "-Xshare:on",
        "-jar", jar.toString(), "--version").redirectErrorStream(true)
        .redirectOutput(out.toFile()).start();
    if (!check.waitFor(EXIT.toMillis(), TimeUnit.MILLISECONDS)) {
      check.destroyForcibly();
      throw new TrainingFailed("java -Xshare:on --version did not finish within " + EXIT);
    }
    if (check.exitValue() != 0) {
      throw new TrainingFailed("the archive does not map (java -Xshare:on exited "
          + check.exitValue() + "):\n" + Files.readString(out));
    }
  }

  /**
   * How many classes the JVM said it would not archive, and why: JDK 17 takes no class of a
   * format older than Java 6's into a dynamic archive (slf4j 1.7's), nor JFR's event classes.
   */
  private static String leftOut(Path log) throws IOException {
    Pattern skipping = Pattern.compile("\\[warning]\\[cds] Skipping (\\S+): (.+)$");
    Pattern old = Pattern.compile("\\[warning]\\[cds] (.+): [0-9.]+ (\\S+)$");
    java.util.Set<String> classes = new java.util.TreeSet<>();
    java.util.Set<String> reasons = new java.util.TreeSet<>();
    for (String line : Files.readAllLines(log)) {
      Matcher s = skipping.matcher(line);
      Matcher o = old.matcher(line);
      if (s.find()) {
        classes.add(s.group(1));
        reasons.add(s.group(2));
      } else if (o.find()) {
        classes.add(o.group(2));
        reasons.add(o.group(1));
      }
    }
    return classes.isEmpty() ? "none" : classes.size() + " classes (" + String.join("; ", reasons)
        + ")";
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** A failure whose message says it all: no stack trace. */
  static final class TrainingFailed extends RuntimeException {
    TrainingFailed(String message) {
      super(message);
    }
  }
}

package io.hoplink.e2e.hardening;

import io.hoplink.e2e.DaemonsetJvmFlags;
import io.hoplink.e2e.DaemonsetMemory;
import io.hoplink.e2e.HoplinkProcess;
import io.hoplink.e2e.MemoryCgroup;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The router under attack, as the DaemonSet runs it: its JVM flags (heap, direct memory and
 * metaspace ceilings, the CDS archive) and its container's memory limit are read from
 * {@code daemonset/l5d.yaml}; the process runs in a memory cgroup of its own with that limit, as
 * in the pod. Watches what the process costs while a scenario runs: peaks of RSS (from /proc)
 * and of heap and direct memory (from {@code metrics.json}, as an operator sees them), and its
 * CPU time.
 */
final class Attacked {
  private final HoplinkProcess router;
  private final MemoryCgroup cgroup;
  private final long pid;
  private final long directCeiling;
  private final AtomicBoolean sampling = new AtomicBoolean();
  private Thread sampler;
  private volatile long rssPeak;
  private volatile long directPeak;
  private volatile long heapPeak;
  private volatile int metricsFailures;

  private Attacked(HoplinkProcess router, MemoryCgroup cgroup, long directCeiling) {
    this.router = router;
    this.cgroup = cgroup;
    this.pid = router.process().pid();
    this.directCeiling = directCeiling;
  }

  static Attacked start(Path dir, String config) throws IOException {
    List<String> flags = daemonsetJvmFlags();
    long direct = flags.stream().filter(f -> f.startsWith("-XX:MaxDirectMemorySize="))
        .map(f -> bytes(f.substring(f.indexOf('=') + 1))).findFirst()
        .orElseThrow(() -> new AssertionError("no MaxDirectMemorySize in " + flags));
    MemoryCgroup cgroup = MemoryCgroup.create("hoplink-hardening", DaemonsetMemory.limitBytes());
    try {
      return new Attacked(HoplinkProcess.startBehind(dir, cgroup.prefix(), config, flags), cgroup,
          direct);
    } catch (IOException | RuntimeException | AssertionError e) {
      cgroup.close();
      throw e;
    }
  }

  /** The DaemonSet's container memory limit, which the cgroup enforces and RSS stays under. */
  long memoryLimit() {
    return cgroup.usage().limitBytes();
  }

  /** The cgroup's counters now (its OOM kills, its highest charge). */
  MemoryCgroup.Usage cgroupUsage() {
    return cgroup.usage();
  }

  /** Stops the router, reads the cgroup's counters one last time and removes the cgroup. */
  MemoryCgroup.Usage stop() {
    router.close();
    try {
      return cgroup.usage();
    } finally {
      cgroup.close();
    }
  }

  /** The JAVA_TOOL_OPTIONS the DaemonSet sets, with the build's CDS archive for the image's. */
  static List<String> daemonsetJvmFlags() throws IOException {
    return DaemonsetJvmFlags.read();
  }

  private static long bytes(String size) {
    char unit = Character.toLowerCase(size.charAt(size.length() - 1));
    long n = Long.parseLong(Character.isDigit(unit) ? size : size.substring(0, size.length() - 1));
    return switch (unit) {
      case 'k' -> n << 10;
      case 'm' -> n << 20;
      case 'g' -> n << 30;
      default -> n;
    };
  }

  HoplinkProcess router() {
    return router;
  }

  long directCeiling() {
    return directCeiling;
  }

  /** Starts taking the peaks anew, every 200 ms. */
  void watch() {
    rssPeak = 0;
    directPeak = 0;
    heapPeak = 0;
    metricsFailures = 0;
    sampling.set(true);
    sampler = new Thread(() -> {
      while (sampling.get()) {
        sample();
        try {
          Thread.sleep(200);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "memory-sampler");
    sampler.setDaemon(true);
    sampler.start();
  }

  /** Stops watching after one last sample. */
  void stopWatching() throws InterruptedException {
    sampling.set(false);
    sampler.interrupt();
    sampler.join(15_000);
    sample();
  }

  private void sample() {
    rssPeak = Math.max(rssPeak, rss());
    try {
      JsonObject m = new JsonObject(router.admin("/admin/metrics.json"));
      long direct = Math.max(m.getLong("jvm/mem/buffer/direct/used", 0L),
          m.getLong("jvm/mem/netty/direct/used", 0L));
      directPeak = Math.max(directPeak, direct);
      heapPeak = Math.max(heapPeak, m.getLong("jvm/heap/used", 0L));
    } catch (IOException | RuntimeException e) {
      metricsFailures++;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  long rss() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) << 10;
        }
      }
    } catch (IOException e) {
      throw new AssertionError("the router process is gone: " + router.log(), e);
    }
    return 0;
  }

  /** CPU time the process has used, user and system, in milliseconds. */
  long cpuMillis() throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
    return ticks * 10; // USER_HZ is 100 on Linux
  }

  long rssPeak() {
    return rssPeak;
  }

  long directPeak() {
    return directPeak;
  }

  long heapPeak() {
    return heapPeak;
  }

  int metricsFailures() {
    return metricsFailures;
  }

  /** Lines of the log that carry a stack trace, after {@code from} characters of it. */
  List<String> stackTraceLinesAfter(int from) {
    String log = router.log();
    List<String> traces = new ArrayList<>();
    for (String line : log.substring(Math.min(from, log.length())).split("\n")) {
      if (line.startsWith("\tat ") || line.startsWith("Caused by: ")) {
        traces.add(line);
      }
    }
    return traces;
  }
}

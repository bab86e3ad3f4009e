package io.hoplink.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * A memory cgroup of its own for a process under test, limited as a container's: cgroup v1's
 * memory controller ({@code memory.limit_in_bytes}) where it is mounted, else cgroup v2
 * ({@code memory.max}). The process starts inside it through {@link #prefix()}: a shell that
 * writes its own pid into {@code cgroup.procs} and then execs the command, so the JVM is
 * charged from its first page. Needs root; when the cgroup cannot be made the test fails,
 * saying why.
 */
public final class MemoryCgroup implements AutoCloseable {
  private static final Path V1 = Path.of("/sys/fs/cgroup/memory");
  private static final List<Path> V2 = List.of(Path.of("/sys/fs/cgroup"),
      Path.of("/sys/fs/cgroup/unified"));

  /** What the cgroup's counters say once its process ended. */
  public record Usage(long limitBytes, long maxUsageBytes, long limitHits, long oomKills) {
    @Override
    public String toString() {
      return "limit " + (limitBytes >> 20) + " MiB, max usage "
          + (maxUsageBytes < 0 ? "(not kept by this kernel)" : (maxUsageBytes >> 20) + " MiB")
          + ", limit reached " + limitHits + " times, OOM kills " + oomKills;
    }
  }

  private final Path dir;
  private final boolean v1;
  private final long limitBytes;

  private MemoryCgroup(Path dir, boolean v1, long limitBytes) {
    this.dir = dir;
    this.v1 = v1;
    this.limitBytes = limitBytes;
  }

  /** Makes {@code <name>-<random>} under the memory hierarchy, limited to {@code limitBytes}. */
  public static MemoryCgroup create(String name, long limitBytes) {
    String unique = name + "-" + UUID.randomUUID().toString().substring(0, 8);
    Path parent = Files.isRegularFile(V1.resolve("memory.limit_in_bytes")) ? V1
        : V2.stream().filter(MemoryCgroup::hasMemoryController).findFirst().orElse(null);
    if (parent == null) {
      fail("no memory cgroup to run the router in: neither " + V1 + " (cgroup v1) nor a cgroup2"
          + " mount with the memory controller (" + V2 + ")");
    }
    boolean v1 = parent.equals(V1);
    Path dir = parent.resolve(unique);
    try {
      Files.createDirectory(dir);
      MemoryCgroup cgroup = new MemoryCgroup(dir, v1, limitBytes);
      if (v1) {
        cgroup.write("memory.limit_in_bytes", limitBytes);
        // with swap the limit would only push pages out: memory and swap get the same limit
        if (Files.exists(dir.resolve("memory.memsw.limit_in_bytes"))) {
          cgroup.write("memory.memsw.limit_in_bytes", limitBytes);
        }
      } else {
        cgroup.write("memory.max", limitBytes);
        if (Files.exists(dir.resolve("memory.swap.max"))) {
          cgroup.write("memory.swap.max", 0);
        }
      }
      return cgroup;
    } catch (IOException | RuntimeException e) {
      try {
        Files.deleteIfExists(dir);
      } catch (IOException ignored) {
        // the failure below says what went wrong first
      }
      throw new AssertionError("could not make the memory cgroup " + dir + " limited to "
          + limitBytes + " bytes (run as root, with a writable memory controller): " + e, e);
    }
  }

  private static boolean hasMemoryController(Path root) {
    try {
      return List.of(Files.readString(root.resolve("cgroup.controllers")).trim().split(" "))
          .contains("memory") && Files.isWritable(root);
    } catch (IOException e) {
      return false;
    }
  }

  private void write(String file, long value) throws IOException {
    Files.writeString(dir.resolve(file), Long.toString(value));
  }

  /** The command words to put before the process's own: it then starts inside this cgroup. */
  public List<String> prefix() {
    return List.of("/bin/sh", "-c", "echo $$ > \"$0\" && exec \"$@\"",
        dir.resolve("cgroup.procs").toString());
  }

  public Path path() {
    return dir;
  }

  /** The counters now. */
  public Usage usage() {
    try {
      if (v1) {
        return new Usage(limitBytes, number("memory.max_usage_in_bytes"),
            number("memory.failcnt"), field("memory.oom_control", "oom_kill"));
      }
      long peak = Files.exists(dir.resolve("memory.peak")) ? number("memory.peak") : -1;
      return new Usage(limitBytes, peak, field("memory.events", "max"),
          field("memory.events", "oom_kill"));
    } catch (IOException e) {
      throw new AssertionError("could not read the counters of " + dir + ": " + e, e);
    }
  }

  private long number(String file) throws IOException {
    return Long.parseLong(Files.readString(dir.resolve(file)).trim());
  }

  /** The value of the line {@code <key> <value>} of a flat-keyed file. */
  private long field(String file, String key) throws IOException {
    for (String line : Files.readAllLines(dir.resolve(file))) {
      String[] kv = line.trim().split("\\s+");
      if (kv.length == 2 && kv[0].equals(key)) {
        return Long.parseLong(kv[1]);
      }
    }
    throw new IOException(dir.resolve(file) + " has no '" + key + "' line (an older kernel?)");
  }

  /** Removes the cgroup once its processes have gone (stop them first), within 10 s. */
  @Override
  public void close() {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (true) {
      try {
        if (Files.readString(dir.resolve("cgroup.procs")).isBlank()) {
          Files.delete(dir);
          return;
        }
      } catch (IOException e) {
        if (!Files.exists(dir)) {
          return;
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError("could not remove the cgroup " + dir + ": " + e, e);
        }
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("processes still in the cgroup " + dir + " after 10 s");
      }
      HoplinkProcess.pause();
    }
  }
}

package io.hoplink.router.telemetry;

import com.sun.management.UnixOperatingSystemMXBean;
import io.netty.util.internal.PlatformDependent;
import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the process costs, as gauges read when the metrics are: heap and non-heap, direct
 * buffers (Finagle's names under {@code jvm/}), Netty's own direct memory, and on Linux the
 * resident set and file descriptors, so that a memory or descriptor ceiling shows before it hits.
 */
public final class ProcessGauges {
  private static final Path STATUS = Path.of("/proc/self/status");

  private ProcessGauges() {}

  /** Registers the gauges under {@code root}. */
  public static void register(Metrics root) {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    Metrics jvm = root.scope("jvm");
    jvm.gauge("heap/used", () -> memory.getHeapMemoryUsage().getUsed());
    jvm.gauge("heap/committed", () -> memory.getHeapMemoryUsage().getCommitted());
    jvm.gauge("nonheap/used", () -> memory.getNonHeapMemoryUsage().getUsed());
    for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
      if (!pool.getName().equals("direct") && !pool.getName().equals("mapped")) {
        continue; // e.g. "mapped - 'non-volatile memory'": not a metric name
      }
      Metrics buffers = jvm.scope("mem", "buffer", pool.getName());
      buffers.gauge("count", pool::getCount);
      buffers.gauge("used", pool::getMemoryUsed);
      buffers.gauge("max", pool::getTotalCapacity);
    }
    // Netty allocates most of its direct memory outside the JDK's count.
    jvm.gauge("mem/netty/direct/used", PlatformDependent::usedDirectMemory);
    jvm.gauge("mem/netty/direct/max", PlatformDependent::maxDirectMemory);
    Metrics process = root.scope("process");
    if (Files.isReadable(STATUS)) {
      process.gauge("rss", () -> statusKb("VmRSS:") * 1024);
      process.gauge("rss_peak", () -> statusKb("VmHWM:") * 1024);
    }
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof UnixOperatingSystemMXBean unix) {
      process.gauge("open_fds", unix::getOpenFileDescriptorCount);
      process.gauge("max_fds", unix::getMaxFileDescriptorCount);
    }
  }

  /** A {@code kB} line of /proc/self/status; -1 when it cannot be read. */
  private static long statusKb(String key) {
    try {
      for (String line : Files.readAllLines(STATUS)) {
        if (line.startsWith(key)) {
          return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }
}

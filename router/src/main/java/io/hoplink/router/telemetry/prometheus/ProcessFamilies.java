package io.hoplink.router.telemetry.prometheus;

import com.sun.management.UnixOperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryUsage;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.RuntimeMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntToLongFunction;
import java.util.stream.Stream;

/**
 * The process and JVM families Prometheus' client libraries export, named as the Java client
 * (client_java 1.x) names them, so dashboards made for them work: {@code process_*} from the
 * JDK's beans and {@code /proc/self/status}, {@code jvm_memory_*}, {@code jvm_buffer_pool_*},
 * {@code jvm_gc_collection_seconds}, {@code jvm_threads_*}, {@code jvm_classes_*} and
 * {@code jvm_runtime_info}. Beans are looked up and labels rendered once; each scrape reads
 * the values. They take no prefix, and a name the metric tree already uses is left out.
 */
final class ProcessFamilies {
  private static final Path STATUS = Path.of("/proc/self/status");

  private final OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
  private final List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans();
  private final List<BufferPoolMXBean> buffers =
      ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class);
  private final List<GarbageCollectorMXBean> collectors =
      ManagementFactory.getGarbageCollectorMXBeans();
  private final String[] poolLabels = labels("pool", pools.stream().map(p -> p.getName()));
  private final String[] bufferLabels = labels("pool", buffers.stream().map(b -> b.getName()));
  private final String[] gcLabels = labels("gc", collectors.stream().map(c -> c.getName()));
  private final double startSeconds;
  private final String runtimeLabels;
  private final Map<String, String> headers = new ConcurrentHashMap<>();

  ProcessFamilies() {
    RuntimeMXBean runtime = ManagementFactory.getRuntimeMXBean();
    startSeconds = runtime.getStartTime() / 1000.0;
    runtimeLabels = label("runtime", System.getProperty("java.runtime.name", "")) + ", "
        + label("vendor", System.getProperty("java.vm.vendor", "")) + ", "
        + label("version", System.getProperty("java.runtime.version", ""));
  }

  /** Writes every family whose name is not in {@code taken}. */
  void write(Exposition out, Set<String> taken) {
    Families f = new Families(out, taken, headers);
    if (os instanceof com.sun.management.OperatingSystemMXBean sun
        && f.start("process_cpu_seconds_total", "counter",
            "Total user and system CPU time spent in seconds.")) {
      out.sample("process_cpu_seconds_total", "", "", null, sun.getProcessCpuTime() / 1e9);
    }
    if (f.start("process_start_time_seconds", "gauge",
        "Start time of the process since unix epoch in seconds.")) {
      out.sample("process_start_time_seconds", "", "", null, startSeconds);
    }
    if (os instanceof UnixOperatingSystemMXBean unix) {
      f.gauge("process_open_fds", "Number of open file descriptors.", "",
          unix.getOpenFileDescriptorCount());
      f.gauge("process_max_fds", "Maximum number of open file descriptors.", "",
          unix.getMaxFileDescriptorCount());
    }
    long[] vm = statusBytes();
    if (vm != null) {
      f.gauge("process_virtual_memory_bytes", "Virtual memory size in bytes.", "", vm[0]);
      f.gauge("process_resident_memory_bytes", "Resident memory size in bytes.", "", vm[1]);
    }
    writeMemory(f);
    writeGc(out, f);
    f.gauge("jvm_threads_current", "Current thread count of a JVM", "", threads.getThreadCount());
    f.gauge("jvm_threads_daemon", "Daemon thread count of a JVM", "",
        threads.getDaemonThreadCount());
    f.gauge("jvm_threads_peak", "Peak thread count of a JVM", "", threads.getPeakThreadCount());
    f.counter("jvm_threads_started_total", "Started thread count of a JVM",
        threads.getTotalStartedThreadCount());
    f.gauge("jvm_classes_currently_loaded", "The number of classes that are currently loaded in "
        + "the JVM", "", classes.getLoadedClassCount());
    f.counter("jvm_classes_loaded_total", "The total number of classes that have been loaded "
        + "since the JVM has started execution", classes.getTotalLoadedClassCount());
    f.counter("jvm_classes_unloaded_total", "The total number of classes that have been unloaded "
        + "since the JVM has started execution", classes.getUnloadedClassCount());
    f.gauge("jvm_runtime_info", "JVM runtime info", runtimeLabels, 1);
  }

  private void writeMemory(Families f) {
    MemoryUsage heap = memory.getHeapMemoryUsage();
    MemoryUsage nonheap = memory.getNonHeapMemoryUsage();
    f.areas("jvm_memory_used_bytes", "Used bytes of a given JVM memory area.",
        heap.getUsed(), nonheap.getUsed());
    f.areas("jvm_memory_committed_bytes", "Committed (bytes) of a given JVM memory area.",
        heap.getCommitted(), nonheap.getCommitted());
    f.areas("jvm_memory_max_bytes", "Max (bytes) of a given JVM memory area.",
        heap.getMax(), nonheap.getMax());
    MemoryUsage[] usages =
        pools.stream().map(MemoryPoolMXBean::getUsage).toArray(MemoryUsage[]::new);
    f.each("jvm_memory_pool_used_bytes", "Used bytes of a given JVM memory pool.", poolLabels,
        i -> usages[i] == null ? -1 : usages[i].getUsed());
    f.each("jvm_memory_pool_committed_bytes", "Committed bytes of a given JVM memory pool.",
        poolLabels, i -> usages[i] == null ? -1 : usages[i].getCommitted());
    f.each("jvm_memory_pool_max_bytes", "Max bytes of a given JVM memory pool.", poolLabels,
        i -> usages[i] == null ? -1 : usages[i].getMax());
    f.each("jvm_buffer_pool_used_bytes", "Used bytes of a given JVM buffer pool.", bufferLabels,
        i -> buffers.get(i).getMemoryUsed());
    f.each("jvm_buffer_pool_capacity_bytes", "Bytes capacity of a given JVM buffer pool.",
        bufferLabels, i -> buffers.get(i).getTotalCapacity());
    f.each("jvm_buffer_pool_used_buffers", "Used buffers of a given JVM buffer pool.",
        bufferLabels, i -> buffers.get(i).getCount());
  }

  private void writeGc(Exposition out, Families f) {
    if (!f.start("jvm_gc_collection_seconds", "summary", "Time spent in a given JVM garbage "
        + "collector in seconds.")) {
      return;
    }
    for (int i = 0; i < collectors.size(); i++) {
      GarbageCollectorMXBean gc = collectors.get(i);
      out.sample("jvm_gc_collection_seconds", "_count", gcLabels[i], null,
          Math.max(0, gc.getCollectionCount()));
      out.sample("jvm_gc_collection_seconds", "_sum", gcLabels[i], null,
          Math.max(0, gc.getCollectionTime()) / 1000.0);
    }
  }

  /** VmSize and VmRSS in bytes, or null when /proc/self/status cannot be read (not Linux). */
  private static long[] statusBytes() {
    long[] out = {-1, -1};
    try {
      for (String line : Files.readAllLines(STATUS)) {
        int at = line.startsWith("VmSize:") ? 0 : line.startsWith("VmRSS:") ? 1 : -1;
        if (at >= 0) {
          String kb = line.substring(line.indexOf(':') + 1).trim().split("\\s+")[0];
          out[at] = Long.parseLong(kb) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      return null;
    }
    return out[0] < 0 || out[1] < 0 ? null : out;
  }

  private static String[] labels(String name, Stream<String> values) {
    return values.map(v -> label(name, v)).toArray(String[]::new);
  }

  private static String label(String name, String value) {
    StringBuilder out = new StringBuilder(name).append("=\"");
    LinkerdSeries.escapeValue(value, out);
    return out.append('"').toString();
  }

  /** Starts families on one page, leaving out names the tree took; headers made once. */
  private record Families(Exposition out, Set<String> taken, Map<String, String> headers) {
    boolean start(String name, String type, String help) {
      if (taken.contains(name)) {
        return false;
      }
      String header = headers.get(name);
      if (header == null) {
        header = Exposition.header(name, type, help);
        headers.put(name, header);
      }
      out.family(header);
      return true;
    }

    void gauge(String name, String help, String labels, long value) {
      if (start(name, "gauge", help)) {
        out.sample(name, "", labels, null, value);
      }
    }

    void counter(String name, String help, long value) {
      if (start(name, "counter", help)) {
        out.sample(name, "", "", null, value);
      }
    }

    void areas(String name, String help, long heap, long nonheap) {
      if (start(name, "gauge", help)) {
        out.sample(name, "", "area=\"heap\"", null, heap);
        out.sample(name, "", "area=\"nonheap\"", null, nonheap);
      }
    }

    void each(String name, String help, String[] labels, IntToLongFunction value) {
      if (start(name, "gauge", help)) {
        for (int i = 0; i < labels.length; i++) {
          out.sample(name, "", labels[i], null, value.applyAsLong(i));
        }
      }
    }
  }
}

package io.hoplink.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The cgroup the hardening suite runs the router in holds its limit and counts OOM kills. */
class MemoryCgroupIT {
  /** A shell that holds {@code mib} MiB in a variable, then prints done. */
  private static List<String> holding(MemoryCgroup cgroup, int mib) {
    List<String> command = new ArrayList<>(cgroup.prefix());
    command.addAll(List.of("/bin/sh", "-c",
        "x=$(head -c " + (mib << 20) + " /dev/zero | tr '\\0' a); echo done ${#x}"));
    return command;
  }

  private static int run(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "did not end: " + command);
    return p.exitValue();
  }

  @Test
  void aProcessOverTheLimitIsKilledAndCounted() throws Exception {
    MemoryCgroup cgroup = MemoryCgroup.create("hoplink-cgroup-test", 32L << 20);
    try {
      assertEquals(0, cgroup.usage().oomKills());
      int exit = run(holding(cgroup, 96));
      assertTrue(exit != 0, "a shell holding 96 MiB ended normally under a 32 MiB limit");
      assertTrue(cgroup.usage().oomKills() >= 1, cgroup.usage().toString());
    } finally {
      cgroup.close();
    }
    assertFalse(Files.exists(cgroup.path()), "the cgroup is removed");
  }

  @Test
  void aProcessUnderTheLimitRunsAndItsPeakIsKept() throws Exception {
    MemoryCgroup cgroup = MemoryCgroup.create("hoplink-cgroup-test", 256L << 20);
    try {
      assertEquals(0, run(holding(cgroup, 16)));
      MemoryCgroup.Usage usage = cgroup.usage();
      assertEquals(0, usage.oomKills(), usage.toString());
      assertTrue(usage.maxUsageBytes() >= 16L << 20, usage.toString());
      assertEquals(256L << 20, usage.limitBytes());
    } finally {
      cgroup.close();
    }
  }
}

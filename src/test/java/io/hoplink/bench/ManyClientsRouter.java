package io.hoplink.bench;

import io.hoplink.e2e.DashboardRig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The dashboard benchmark's router, kept running for a shell script to measure (run by
 * src/test/bench/scrape-bench.sh): the jar with {@code apps} services and as many clients, each
 * hit once so that it has request stats, plus the io.l5d.fs file {@code bench} pointing at
 * {@code benchPort} for the script's own load ({@code /load/bench}); files and the router's log
 * go to {@code dir}. Prints {@code admin}, {@code router}, {@code pid} and {@code dir} lines, then
 * {@code ready}, and runs until it is stopped.
 */
public final class ManyClientsRouter {
  private ManyClientsRouter() {}

  public static void main(String[] args) throws Exception {
    int apps = Integer.getInteger("apps", 1000);
    int benchPort = Integer.getInteger("benchPort", 0);
    String[] jvmArgs = Arrays.stream(System.getProperty("routerJvmArgs", "").split(" "))
        .filter(a -> !a.isBlank()).toArray(String[]::new);
    String given = System.getProperty("dir");
    Path dir = given != null ? Files.createDirectories(Path.of(given))
        : Files.createTempDirectory("many-clients");
    Map<String, Integer> more = benchPort > 0 ? Map.of("bench", benchPort) : Map.of();
    DashboardRig rig = DashboardRig.start(dir, apps, more, jvmArgs);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      rig.close();
      stopped.countDown();
    }));
    int bad = rig.hitEveryApp();
    if (bad != 0) {
      System.out.println("failed: " + bad + " of " + apps + " apps did not answer 200");
      System.exit(1);
    }
    System.out.println("admin " + rig.admin());
    System.out.println("router " + rig.router().port("outgoing"));
    System.out.println("pid " + rig.router().process().pid());
    System.out.println("dir " + dir);
    System.out.println("ready");
    stopped.await();
  }
}

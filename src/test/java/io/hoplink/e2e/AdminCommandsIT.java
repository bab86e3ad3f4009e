package io.hoplink.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hoplink stat} and {@code hoplink delegate} against a running router's admin API, as
 * an operator runs them: the live table while a client loop runs, and a name's delegation.
 */
class AdminCommandsIT {
  @TempDir Path dir;

  private HoplinkProcess command(String... args) throws Exception {
    HoplinkProcess command = HoplinkProcess.launch(dir, List.of(), List.of(args));
    command.awaitExit(Duration.ofSeconds(60));
    return command;
  }

  @Test
  void statPrintsTheLiveTableAndDelegatePrintsTheTree() throws Exception {
    try (TestBackend world = new TestBackend("world");
        HoplinkProcess router = HoplinkProcess.start(dir, """
            admin: {port: 0}
            routers:
            - protocol: http
              label: web
              dtab: |
                /svc => /$/inet/127.0.0.1/%d;
                /svc/dead => /$/inet/127.0.0.1/1;
              servers: [{port: 0}]
            """.formatted(world.port()));
        SteadyLoad load = SteadyLoad.start(router.port("web"), 2)) {
      load.awaitAnswers("world", 20, Duration.ofSeconds(30));
      String admin = "127.0.0.1:" + router.adminPort();

      HoplinkProcess routers = command("stat", "--admin", admin, "--window", "1");
      assertEquals(0, routers.process().exitValue(), routers.log());
      List<String> rows = routers.log().lines().toList();
      assertEquals(List.of("ROUTER", "SUCCESS", "RPS", "LATENCY_P50", "LATENCY_P99", "RETRIES"),
          List.of(rows.get(0).split("\\s+")), routers.log());
      String[] web = rows.get(1).split("\\s+");
      assertEquals("web", web[0], routers.log());
      assertEquals("100.00%", web[1], "every request of the loop succeeds: " + routers.log());
      assertTrue(Double.parseDouble(web[2]) > 0, "requests per second: " + routers.log());

      HoplinkProcess services = command("stat", "services", "--admin", admin);
      assertEquals(0, services.process().exitValue(), services.log());
      assertTrue(services.log().lines().anyMatch(l -> l.startsWith("web")
          && l.contains("svc/127.0.0.1:" + router.port("web")) && l.contains("100.00%")),
          services.log());

      HoplinkProcess clients = command("stat", "clients", "--admin", admin);
      assertTrue(clients.log().contains("$/inet/127.0.0.1/" + world.port()), clients.log());

      HoplinkProcess tree = command("delegate", "/svc/web", "--admin", admin);
      assertEquals(0, tree.process().exitValue(), tree.log());
      List<String> steps = new ArrayList<>(tree.log().lines().toList());
      assertEquals("/svc/web", steps.get(0), tree.log());
      assertTrue(steps.get(1).startsWith("  /$/inet/127.0.0.1/" + world.port() + "/web  (/svc => ")
          && steps.stream().anyMatch(s -> s.contains("-> /$/inet/127.0.0.1/" + world.port()
          + " [127.0.0.1:" + world.port() + "]")), tree.log());

      HoplinkProcess overridden = command("delegate", "/svc/web", "--dtab", "/svc/web => /$/nil",
          "--admin", admin);
      assertTrue(overridden.log().contains("(/svc/web => /$/nil)"), overridden.log());

      HoplinkProcess bad = command("delegate", "/svc/web", "--dtab", "/svc =>", "--admin", admin);
      assertEquals(69, bad.process().exitValue(), bad.log());
      assertTrue(bad.log().startsWith("hoplink delegate: " + admin + ": /delegator.json answered"
          + " 400"), bad.log());
    }
  }

  @Test
  void anAdminThatCannotBeReachedIsNamedInOneLine() throws Exception {
    HoplinkProcess stat = command("stat", "--admin", "127.0.0.1:1");
    assertEquals(69, stat.process().exitValue(), stat.log());
    assertEquals(1, stat.log().strip().lines().count(), stat.log());
    assertTrue(stat.log().startsWith("hoplink stat: cannot read the metrics of the admin API at"
        + " 127.0.0.1:1: ConnectException"), stat.log());
    HoplinkProcess usage = command("stat", "everything");
    assertEquals(64, usage.process().exitValue(), usage.log());
  }
}

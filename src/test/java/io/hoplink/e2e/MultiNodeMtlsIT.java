package io.hoplink.e2e;

import static io.hoplink.e2e.HelloClient.servedBy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The multi-node cluster with the mTLS DaemonSet's config (daemonset/mtls): each node's router
 * has its own certificate from one mesh CA, the routers require and check each other's, and
 * requests, h2 streams and gRPC calls still reach every node's pods. tcpdump on the switch every
 * node's traffic crosses records the hops between routers: TLS records, and no plaintext HTTP.
 */
class MultiNodeMtlsIT {
  @TempDir Path dir;

  /** Bytes only plaintext HTTP/1.x or HTTP/2 between the routers would put on the wire. */
  private static final List<String> PLAINTEXT = List.of("HTTP/1.1", "HTTP/1.0", "PRI * HTTP/2",
      "GET /", "Host: ", "l5d-dst-", "world-");

  @Test
  void theHopsBetweenNodesAreMutualTlsAndCarryNoPlaintext() throws Exception {
    NetworkNamespaces.requireRootAnd("curl", "tcpdump");
    try (MultiNodeCluster cluster = MultiNodeCluster.start(dir, true)) {
      Path pcap = dir.resolve("between-routers.pcap");
      Path log = dir.resolve("tcpdump.log");
      Process tcpdump = new ProcessBuilder(cluster.net().inSwitch(List.of("tcpdump", "-i", "br0",
          "-U", "-s", "0", "-w", pcap.toString(),
          "tcp port 4141 or tcp port 4241 or tcp port 4341")))
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      try {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!Files.readString(log).contains("listening on")) {
          assertTrue(tcpdump.isAlive() && System.nanoTime() < deadline,
              "tcpdump did not start: " + Files.readString(log));
          HoplinkProcess.pause();
        }
        List<HelloClient.Reply> http = new ArrayList<>();
        List<HelloClient.Reply> h2 = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
          http.addAll(cluster.hello().get(MultiNodeCluster.WORLD, 9));
          h2.addAll(cluster.h2Hello().get(MultiNodeCluster.WORLD_H2, 9));
        }
        long grpc = cluster.greeter().run("hello:9").stream().filter(c -> c.code() == 0).count();
        assertEquals(3, servedBy(http).size(), "every node's pod over HTTP/1.1: " + http);
        assertEquals(45, servedBy(http).values().stream().mapToInt(Integer::intValue).sum(),
            "every request answered: " + http);
        assertEquals(3, servedBy(h2).size(), "every node's pod over h2: " + h2);
        assertEquals(9, grpc, "gRPC calls through the mTLS hops");
      } finally {
        new ProcessBuilder("kill", "-INT", Long.toString(tcpdump.pid())).start().waitFor();
        assertTrue(tcpdump.waitFor(30, TimeUnit.SECONDS), "tcpdump did not stop");
      }
      byte[] captured = Files.readAllBytes(pcap);
      String asText = new String(captured, StandardCharsets.ISO_8859_1);
      assertTrue(captured.length > 20_000, "traffic between the routers was captured: "
          + captured.length + " bytes\n" + Files.readString(log));
      assertTrue(asText.contains("\u0017\u0003\u0003"), "TLS application data records");
      for (String plaintext : PLAINTEXT) {
        assertTrue(!asText.contains(plaintext), "'" + plaintext + "' crossed between nodes in"
            + " plaintext (" + pcap + ")");
      }
      System.out.println("MultiNodeMtlsIT: " + captured.length + " bytes between the routers,"
          + " TLS only");
    }
  }
}

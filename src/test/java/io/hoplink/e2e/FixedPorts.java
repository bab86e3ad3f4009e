package io.hoplink.e2e;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for a test that must name them in a config before a process binds them (a reload keeps
 * its ports). A port the kernel hands out for port 0 comes from the ephemeral range, which it
 * also hands to every outgoing connection on the machine: between the test's check and the
 * router's bind one of those took it (CI: "could not bind web 127.0.0.1:36891: address in use").
 * These come from below that range, which the kernel never hands out by itself.
 */
final class FixedPorts {
  private static final int LOWEST = 20_000;
  private static final Set<Integer> GIVEN = new HashSet<>();

  private FixedPorts() {}

  /** A loopback port below the ephemeral range, free now and not given out before. */
  static synchronized int unused() throws IOException {
    int below = ephemeralLow();
    for (int i = 0; i < 200; i++) {
      int port = ThreadLocalRandom.current().nextInt(LOWEST, below);
      if (GIVEN.contains(port)) {
        continue;
      }
      try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        GIVEN.add(port);
        return socket.getLocalPort();
      } catch (IOException taken) {
        // in use: another
      }
    }
    throw new IOException("no free port in " + LOWEST + ".." + below);
  }

  private static int ephemeralLow() throws IOException {
    // read by lines: Files.readString gets one byte of this /proc file on JDK 17
    Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    int low = Files.exists(range)
        ? Integer.parseInt(Files.readAllLines(range).get(0).trim().split("\\s+")[0]) : 32_768;
    if (low <= LOWEST + 1000) {
      throw new IOException("the ephemeral range starts at " + low + ", too low for " + LOWEST);
    }
    return low;
  }
}

package io.hoplink.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Test hosts made of Linux network namespaces, created by the test and deleted after it: a
 * switch namespace holding a bridge, one namespace per node wired to it by a veth pair, and a
 * veth from the test's own namespace so the test reaches every node. Each run takes a random
 * 10.77.X.0/24 and names prefixed {@code hl<X>} so parallel or leftover runs do not collide.
 * Needs root and iproute2; without them the test fails, it is never skipped.
 */
final class NetworkNamespaces implements AutoCloseable {
  private final int subnet;
  private final String prefix;
  private final List<String> namespaces = new ArrayList<>();

  private NetworkNamespaces(int subnet) {
    this.subnet = subnet;
    this.prefix = "hl" + subnet;
  }

  /**
   * Fails (never skips) unless the test runs as root with iproute2's {@code ip} and the other
   * {@code tools} on the PATH.
   */
  static void requireRootAnd(String... tools) throws IOException, InterruptedException {
    if (!run("id", "-u").trim().equals("0")) {
      fail("network namespace tests create namespaces and veth pairs: run them as root");
    }
    List<String> all = new ArrayList<>(List.of("ip"));
    all.addAll(List.of(tools));
    for (String tool : all) {
      try {
        run(tool, tool.equals("ip") ? "-V" : "--version");
      } catch (IOException e) {
        fail("network namespace tests need " + tool + " on the PATH: " + e.getMessage());
      }
    }
  }

  /** A switch and {@code nodes} nodes named {@code node1..nodeN} at 10.77.X.11, .12, ... */
  static NetworkNamespaces create(int nodes) throws IOException, InterruptedException {
    NetworkNamespaces net = new NetworkNamespaces(ThreadLocalRandom.current().nextInt(10, 250));
    try {
      net.build(nodes);
    } catch (IOException | InterruptedException | RuntimeException | AssertionError e) {
      net.close();
      throw e;
    }
    return net;
  }

  private void build(int nodes) throws IOException, InterruptedException {
    String sw = prefix + "sw";
    addNamespace(sw);
    run("ip", "netns", "exec", sw, "ip", "link", "add", "br0", "type", "bridge");
    run("ip", "netns", "exec", sw, "ip", "link", "set", "br0", "up");
    // The test's own namespace joins the bridge at .1.
    String host = prefix + "h";
    run("ip", "link", "add", host, "type", "veth", "peer", "name", host + "p");
    run("ip", "link", "set", host + "p", "netns", sw);
    run("ip", "netns", "exec", sw, "ip", "link", "set", host + "p", "master", "br0", "up");
    run("ip", "addr", "add", hostAddress() + "/24", "dev", host);
    run("ip", "link", "set", host, "up");
    for (int i = 1; i <= nodes; i++) {
      String node = node(i);
      addNamespace(node);
      String veth = prefix + "n" + i;
      run("ip", "link", "add", veth, "type", "veth", "peer", "name", veth + "p");
      run("ip", "link", "set", veth, "netns", node);
      run("ip", "link", "set", veth + "p", "netns", sw);
      run("ip", "netns", "exec", sw, "ip", "link", "set", veth + "p", "master", "br0", "up");
      run("ip", "netns", "exec", node, "ip", "addr", "add", address(i) + "/24", "dev", veth);
      run("ip", "netns", "exec", node, "ip", "link", "set", veth, "up");
      run("ip", "netns", "exec", node, "ip", "link", "set", "lo", "up");
    }
  }

  /** A command prefix that runs a program in the switch, where every node's traffic passes. */
  List<String> inSwitch(List<String> command) {
    List<String> out = new ArrayList<>(List.of("ip", "netns", "exec", prefix + "sw"));
    out.addAll(command);
    return out;
  }

  /** The namespace name of node {@code i} (1-based). */
  String node(int i) {
    return prefix + "node" + i;
  }

  /** The address of node {@code i}. */
  String address(int i) {
    return "10.77." + subnet + "." + (10 + i);
  }

  /** The test's own address on the bridge, reachable from every node. */
  String hostAddress() {
    return "10.77." + subnet + ".1";
  }

  /** A command prefix that runs a program inside node {@code i}. */
  List<String> inNode(int i, List<String> command) {
    List<String> out = new ArrayList<>(List.of("ip", "netns", "exec", node(i)));
    out.addAll(command);
    return out;
  }

  private void addNamespace(String name) throws IOException, InterruptedException {
    run("ip", "netns", "add", name);
    namespaces.add(name);
  }

  static String run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
      fail(String.join(" ", command) + " failed (network namespace tests need root and "
          + "iproute2): " + out);
    }
    return out;
  }

  @Override
  public void close() {
    // Deleting a namespace deletes the veth ends in it, and with them their peers.
    for (int i = namespaces.size() - 1; i >= 0; i--) {
      try {
        new ProcessBuilder("ip", "netns", "del", namespaces.get(i)).start()
            .waitFor(30, TimeUnit.SECONDS);
      } catch (IOException e) {
        // Best effort: the next name is random, so a leftover never collides.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try {
      new ProcessBuilder("ip", "link", "del", prefix + "h").start().waitFor(30, TimeUnit.SECONDS);
    } catch (IOException e) {
      // Already gone with its peer.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

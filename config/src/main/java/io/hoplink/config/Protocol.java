package io.hoplink.config;

import java.util.Set;

/** The router protocols hoplink serves, with the defaults Linkerd 1.x gives each. */
public enum Protocol {
  HTTP("http", 4140, 1000, "io.l5d.http.nonRetryable5XX", "Host"),
  H2("h2", 4142, 10, "io.l5d.h2.nonRetryable5XX", ":authority");

  private static final Set<String> OUT_OF_SCOPE = Set.of("thrift", "mux", "thriftmux");

  private final String linkerdName;
  private final int defaultPort;
  private final int defaultMaxCallDepth;
  private final String defaultClassifier;
  private final String authorityHeader;

  Protocol(String linkerdName, int defaultPort, int defaultMaxCallDepth, String defaultClassifier,
      String authorityHeader) {
    this.linkerdName = linkerdName;
    this.defaultPort = defaultPort;
    this.defaultMaxCallDepth = defaultMaxCallDepth;
    this.defaultClassifier = defaultClassifier;
    this.authorityHeader = authorityHeader;
  }

  /** The {@code protocol:} value, also the default router label. */
  public String linkerdName() {
    return linkerdName;
  }

  public int defaultPort() {
    return defaultPort;
  }

  public int defaultMaxCallDepth() {
    return defaultMaxCallDepth;
  }

  /** The response classifier a service uses when none is configured. */
  public String defaultClassifier() {
    return defaultClassifier;
  }

  /** The header the default {@code io.l5d.header.token} identifier reads. */
  public String authorityHeader() {
    return authorityHeader;
  }

  /** Reads a {@code protocol:} value: http or h2; thrift and mux are out of scope. */
  public static Protocol parse(ConfigNode node) {
    String name = node.asString();
    for (Protocol protocol : values()) {
      if (protocol.linkerdName.equals(name)) {
        return protocol;
      }
    }
    if (OUT_OF_SCOPE.contains(name)) {
      throw node.error("protocol '" + name + "' is not supported by hoplink (http and h2 are)");
    }
    throw node.error("unknown protocol '" + name + "' (expected: http or h2)");
  }
}

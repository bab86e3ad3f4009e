package io.hoplink.config;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Linkerd 1.x plugin kinds hoplink accepts before it builds them, by family. A kind a
 * registry provides always wins, so a kind may stay listed here after it is built.
 *
 * <p>Most families degrade to "no effect" with a warning. A namer or identifier that does nothing
 * would route requests wrongly, so for those families a listed kind is an error instead.
 */
public final class UnbuiltKinds {
  private static final Map<String, Set<String>> BY_FAMILY = Map.of(
      "namer", Set.of("io.l5d.fs", "io.l5d.k8s", "io.l5d.k8s.ns", "io.l5d.k8s.external",
          "io.l5d.k8s.istio", "io.l5d.consul", "io.l5d.marathon", "io.l5d.zk", "io.l5d.zkLeader",
          "io.l5d.serversets", "io.l5d.rewrite", "io.l5d.dnssrv", "io.l5d.curator"),
      "identifier", Set.of("io.l5d.header.token", "io.l5d.methodAndHost", "io.l5d.path",
          "io.l5d.header", "io.l5d.static", "io.l5d.header.path", "io.l5d.ingress",
          "io.l5d.k8s.istio", "io.l5d.k8s.istio-ingress"),
      "telemeter", Set.of("io.l5d.prometheus", "io.l5d.zipkin", "io.l5d.recentRequests",
          "io.l5d.statsd", "io.l5d.influxdb", "io.l5d.tracelog", "io.l5d.commonMetrics",
          "io.l5d.adminMetricsExport"),
      // Every Linkerd classifier (io.l5d.http.*, io.l5d.h2.*, io.l5d.h2.grpc.*) and every
      // failureAccrual kind is a plugin in router/resilience.
      "tracePropagator", Set.of("io.l5d.default", "io.l5d.zipkin"));

  // A namer or identifier that did nothing would route requests to the wrong place. (Every
  // Linkerd transformer kind is built, so an unregistered one is simply unknown.)
  private static final Set<String> MUST_WORK = Set.of("namer", "identifier");

  private UnbuiltKinds() {}

  /** Whether {@code kind} is a Linkerd kind of {@code family} that hoplink accepts unbuilt. */
  public static boolean contains(String family, String kind) {
    return BY_FAMILY.getOrDefault(family, Set.of()).contains(kind);
  }

  /** The accepted-but-unbuilt kinds of {@code family}, sorted. */
  public static Set<String> kinds(String family) {
    return new TreeSet<>(BY_FAMILY.getOrDefault(family, Set.of()));
  }

  /** Whether an unbuilt kind of {@code family} must be refused rather than ignored. */
  public static boolean mustWork(String family) {
    return MUST_WORK.contains(family);
  }
}

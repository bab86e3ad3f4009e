package io.hoplink.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.ServiceLoader;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every plugin is found by ServiceLoader in the packaged jar alone (source roots share one
 * class path, so a services file of one root must not overwrite another's).
 */
class PluginsInJarIT {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "io.hoplink.naming.NamerPlugin|io.l5d.fs io.l5d.k8s io.l5d.k8s.ns io.l5d.rewrite",
      "io.hoplink.transformers.TransformerPlugin|io.l5d.const io.l5d.k8s.daemonset "
          + "io.l5d.k8s.localnode io.l5d.localhost io.l5d.port io.l5d.replace io.l5d.specificHost",
      "io.hoplink.router.identifiers.IdentifierPlugin|io.l5d.header io.l5d.header.path "
          + "io.l5d.header.token io.l5d.ingress io.l5d.methodAndHost io.l5d.path io.l5d.static",
      "io.hoplink.router.telemetry.TelemeterPlugin|io.l5d.prometheus io.l5d.recentRequests"
          + " io.l5d.zipkin io.zipkin.http",
      "io.hoplink.router.tracing.TracePropagatorPlugin|io.l5d.default io.l5d.zipkin",
      "io.hoplink.router.resilience.ClassifierPlugin|io.l5d.http.allSuccessful "
          + "io.l5d.http.nonRetryable5XX io.l5d.http.retryableAll5XX "
          + "io.l5d.http.retryableIdempotent5XX io.l5d.http.retryableRead5XX "
          + "io.l5d.h2.allSuccessful io.l5d.h2.nonRetryable5XX io.l5d.h2.retryableAll5XX "
          + "io.l5d.h2.retryableIdempotent5XX io.l5d.h2.retryableRead5XX "
          + "io.l5d.h2.grpc.alwaysRetryable io.l5d.h2.grpc.compliant io.l5d.h2.grpc.default "
          + "io.l5d.h2.grpc.neverRetryable io.l5d.h2.grpc.retryableStatusCodes",
      "io.hoplink.router.resilience.FailureAccrualPlugin|io.l5d.consecutiveFailures "
          + "io.l5d.successRate io.l5d.successRateWindowed none"})
  void serviceLoaderFindsEveryKindInTheJar(String family, String kinds) throws Exception {
    URL jar = HoplinkProcess.jar().toUri().toURL();
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {jar}, ClassLoader.getPlatformClassLoader())) {
      Class<?> service = Class.forName(family, false, loader);
      Method kind = service.getMethod("kind");
      TreeSet<String> found = new TreeSet<>();
      for (Object plugin : ServiceLoader.load(service, loader)) {
        found.add((String) kind.invoke(plugin));
      }
      assertEquals(new TreeSet<>(List.of(kinds.split(" "))), found);
    }
  }
}

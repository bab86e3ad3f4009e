package io.hoplink.router.resilience.classifiers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoplink.config.ConfigException;
import io.hoplink.config.ConfigNode;
import io.hoplink.config.PluginConfig;
import io.hoplink.config.PluginRegistry;
import io.hoplink.config.YamlLoader;
import io.hoplink.router.resilience.ClassifierPlugin;
import io.hoplink.router.resilience.ResponseClass;
import io.hoplink.router.resilience.ResponseClassifier;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GrpcClassifierPluginsTest {
  private static final ResponseClass OK = ResponseClass.SUCCESS;
  private static final ResponseClass FAIL = ResponseClass.FAILURE;
  private static final ResponseClass RETRY = ResponseClass.RETRYABLE_FAILURE;
  private static final long REFUSED_STREAM = 7;
  private static final long INTERNAL_ERROR = 2;

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static PluginRegistry<ClassifierPlugin<?>> loaded() {
    return (PluginRegistry) PluginRegistry.load(ClassifierPlugin.FAMILY, ClassifierPlugin.class);
  }

  private static ResponseClassifier classifier(String yaml) {
    PluginRegistry<ClassifierPlugin<?>> registry = loaded();
    PluginConfig config = registry.parse(YamlLoader.load(yaml));
    return registry.of(config).newClassifierUnchecked(config);
  }

  /** A 200 response whose trailers carry {@code grpc-status: code}. */
  private static ResponseClass trailers(ResponseClassifier c, int code) {
    return c.classifyEnd("POST", 200, name -> null,
        Map.of("grpc-status", Integer.toString(code))::get);
  }

  /** A trailers-only response: the status is in the head. */
  private static ResponseClass trailersOnly(ResponseClassifier c, int code) {
    return c.classifyHead("POST", 200, Map.of("grpc-status", Integer.toString(code))::get);
  }

  private static ResponseClass http(ResponseClassifier c, int status) {
    return c.classifyHead("POST", status, name -> null);
  }

  @Test
  void serviceLoaderFindsTheGrpcKinds() {
    assertEquals(List.of("io.l5d.h2.grpc.alwaysRetryable", "io.l5d.h2.grpc.compliant",
        "io.l5d.h2.grpc.default", "io.l5d.h2.grpc.neverRetryable",
        "io.l5d.h2.grpc.retryableStatusCodes"), loaded().kinds().stream()
            .filter(kind -> kind.startsWith("io.l5d.h2.grpc.")).sorted().toList());
  }

  @Test
  void parsesSuccessAndRetryableCodesSortedWithOkAsTheDefault() {
    assertEquals(new GrpcClassifierPlugin.Config("io.l5d.h2.grpc.default", List.of(0)),
        loaded().parse(YamlLoader.load("kind: io.l5d.h2.grpc.default")));
    assertEquals(new GrpcClassifierPlugin.Config("io.l5d.h2.grpc.compliant", List.of(0, 5)),
        loaded().parse(YamlLoader.load(
            "{kind: io.l5d.h2.grpc.compliant, successStatusCodes: [5, 0, 5]}")));
    assertEquals(new GrpcRetryableStatusCodesPlugin.Config(
            "io.l5d.h2.grpc.retryableStatusCodes", List.of(4, 14), List.of(0)),
        loaded().parse(YamlLoader.load(
            "{kind: io.l5d.h2.grpc.retryableStatusCodes, retryableStatusCodes: [14, 4]}")));
  }

  @Test
  void aCodeGrpcDoesNotDefineLoadsAsInLinkerdWithAWarning() {
    ConfigNode node = YamlLoader.load(
        "c: {kind: io.l5d.h2.grpc.retryableStatusCodes, retryableStatusCodes: [100, 14]}");
    assertEquals(new GrpcRetryableStatusCodesPlugin.Config(
            "io.l5d.h2.grpc.retryableStatusCodes", List.of(14, 100), List.of(0)),
        loaded().parse(node.required("c")));
    assertTrue(node.warnings().stream().anyMatch(w -> w.contains("100 is not a status code gRPC "
        + "defines")), node.warnings().toString());
  }

  @Test
  void rejectsBadCodesUnknownKeysAndAMissingListWithThePath() {
    ConfigException code = assertThrows(ConfigException.class, () -> loaded().parse(
        YamlLoader.load("c: {kind: io.l5d.h2.grpc.default, successStatusCodes: [0, -1]}")
            .required("c")));
    assertTrue(code.getMessage().startsWith("c.successStatusCodes[1] (io.l5d.h2.grpc.default): "
        + "-1 is not a gRPC status code (expected: >= 0)"), code.getMessage());
    ConfigException key = assertThrows(ConfigException.class, () -> loaded().parse(
        YamlLoader.load("c: {kind: io.l5d.h2.grpc.neverRetryable, retryableStatusCodes: [14]}")
            .required("c")));
    assertTrue(key.getMessage().startsWith(
        "c.retryableStatusCodes (io.l5d.h2.grpc.neverRetryable): unknown key"), key.getMessage());
    ConfigException missing = assertThrows(ConfigException.class, () -> loaded().parse(
        YamlLoader.load("c: {kind: io.l5d.h2.grpc.retryableStatusCodes}").required("c")));
    assertTrue(missing.getMessage().contains("missing required key 'retryableStatusCodes'"),
        missing.getMessage());
  }

  @Test
  void defaultRetriesOnlyUnavailable() {
    ResponseClassifier c = classifier("kind: io.l5d.h2.grpc.default");
    assertEquals(OK, trailers(c, 0));
    assertEquals(RETRY, trailers(c, 14));
    assertEquals(RETRY, trailersOnly(c, 14));
    assertEquals(FAIL, trailers(c, 5));
    assertEquals(FAIL, trailers(c, 4));
    assertEquals(FAIL, http(c, 503), "an HTTP error without a gRPC status");
    assertEquals(FAIL, c.classifyReset("POST", REFUSED_STREAM));
    assertEquals(FAIL, c.classifyFailure("POST"));
  }

  @Test
  void theTrailersDecideAndAStreamWithoutAStatusIsAFailure() {
    ResponseClassifier c = classifier("kind: io.l5d.h2.grpc.default");
    assertNull(http(c, 200), "a 200 head must wait for the trailers");
    assertEquals(FAIL, c.classifyEnd("POST", 200, name -> null, name -> null));
    assertEquals(RETRY, trailers(c, 14));
    assertEquals(FAIL, c.classifyEnd("POST", 200, name -> null, Map.of("grpc-status", "x")::get),
        "a malformed status is UNKNOWN");
    assertEquals(OK, c.classify("POST", 200, Map.of("grpc-status", "0")::get),
        "HTTP/1.1 use: the head is all there is");
  }

  @Test
  void compliantAlsoRetriesRefusedStreamsAndGatewayErrors() {
    ResponseClassifier c = classifier("kind: io.l5d.h2.grpc.compliant");
    assertEquals(RETRY, trailers(c, 14));
    assertEquals(FAIL, trailers(c, 13));
    assertEquals(RETRY, c.classifyReset("POST", REFUSED_STREAM));
    assertEquals(FAIL, c.classifyReset("POST", INTERNAL_ERROR));
    for (int status : List.of(429, 502, 503, 504)) {
      assertEquals(RETRY, http(c, status), Integer.toString(status));
    }
    assertEquals(FAIL, http(c, 500));
    assertEquals(FAIL, http(c, 404));
  }

  @Test
  void alwaysAndNeverRetryable() {
    ResponseClassifier always = classifier("kind: io.l5d.h2.grpc.alwaysRetryable");
    assertEquals(RETRY, trailers(always, 5));
    assertEquals(OK, trailers(always, 0));
    ResponseClassifier never = classifier("kind: io.l5d.h2.grpc.neverRetryable");
    assertEquals(FAIL, trailers(never, 14));
    assertEquals(OK, trailers(never, 0));
  }

  @Test
  void retryableStatusCodesAndSuccessStatusCodes() {
    ResponseClassifier c = classifier("""
        kind: io.l5d.h2.grpc.retryableStatusCodes
        retryableStatusCodes: [4, 8]
        successStatusCodes: [0, 5]
        """);
    assertEquals(RETRY, trailers(c, 4));
    assertEquals(RETRY, trailers(c, 8));
    assertEquals(FAIL, trailers(c, 14));
    assertEquals(OK, trailers(c, 5), "NOT_FOUND counts as a success here");
    assertEquals(OK, trailers(c, 0));
  }
}

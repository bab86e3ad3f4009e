package io.hoplink.router.resilience.classifiers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoplink.config.ConfigException;
import io.hoplink.config.PluginConfig;
import io.hoplink.config.PluginRegistry;
import io.hoplink.config.YamlLoader;
import io.hoplink.router.resilience.ClassifierPlugin;
import io.hoplink.router.resilience.ResponseClass;
import io.hoplink.router.resilience.ResponseClassifier;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The io.l5d.h2.* HTTP-style classifiers: the http rules, judged on an HTTP/2 stream. */
class H2ClassifierPluginsTest {
  private static final ResponseClass OK = ResponseClass.SUCCESS;
  private static final ResponseClass FAIL = ResponseClass.FAILURE;
  private static final ResponseClass RETRY = ResponseClass.RETRYABLE_FAILURE;

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static PluginRegistry<ClassifierPlugin<?>> loaded() {
    return (PluginRegistry) PluginRegistry.load(ClassifierPlugin.FAMILY, ClassifierPlugin.class);
  }

  private static ResponseClassifier classifier(String kind) {
    PluginRegistry<ClassifierPlugin<?>> registry = loaded();
    PluginConfig config = registry.parse(YamlLoader.load("kind: " + kind));
    return registry.of(config).newClassifierUnchecked(config);
  }

  private static ResponseClass head(ResponseClassifier c, String method, int status) {
    return c.classifyHead(method, status, name -> null);
  }

  @Test
  void serviceLoaderFindsTheH2Kinds() {
    assertEquals(List.of("io.l5d.h2.allSuccessful", "io.l5d.h2.nonRetryable5XX",
        "io.l5d.h2.retryableAll5XX", "io.l5d.h2.retryableIdempotent5XX",
        "io.l5d.h2.retryableRead5XX"), loaded().kinds().stream()
            .filter(kind -> kind.startsWith("io.l5d.h2.") && !kind.startsWith("io.l5d.h2.grpc."))
            .sorted().toList());
  }

  @Test
  void parsesAKindWithoutKeys() {
    assertEquals(new HttpClassifierPlugin.Config("io.l5d.h2.retryableIdempotent5XX"),
        loaded().parse(YamlLoader.load("kind: io.l5d.h2.retryableIdempotent5XX")));
  }

  @Test
  void rejectsKeysItDoesNotKnowWithThePath() {
    ConfigException e = assertThrows(ConfigException.class, () -> loaded().parse(
        YamlLoader.load("responseClassifier: {kind: io.l5d.h2.nonRetryable5XX, successStatusCodes: [0]}")
            .required("responseClassifier")));
    assertTrue(e.getMessage().startsWith(
        "responseClassifier.successStatusCodes (io.l5d.h2.nonRetryable5XX): unknown key"),
        e.getMessage());
  }

  @Test
  void theHeadDecidesAndAGrpcErrorWithStatus200IsASuccessAsInLinkerd() {
    ResponseClassifier c = classifier("io.l5d.h2.nonRetryable5XX");
    assertEquals(OK, head(c, "POST", 200));
    assertEquals(FAIL, head(c, "POST", 503));
    assertEquals(OK, c.classifyEnd("POST", 200, name -> null,
        Map.of("grpc-status", "14")::get), "the HTTP classifiers do not read grpc-status");
    assertEquals(FAIL, c.classifyReset("POST", 7));
  }

  @Test
  void retryableKindsRetryTheirMethodsOnly() {
    ResponseClassifier read = classifier("io.l5d.h2.retryableRead5XX");
    assertEquals(RETRY, head(read, "GET", 502));
    assertEquals(FAIL, head(read, "POST", 502));
    assertEquals(RETRY, read.classifyReset("GET", 2));
    ResponseClassifier idempotent = classifier("io.l5d.h2.retryableIdempotent5XX");
    assertEquals(RETRY, head(idempotent, "PUT", 500));
    assertEquals(FAIL, head(idempotent, "POST", 500));
    ResponseClassifier all = classifier("io.l5d.h2.retryableAll5XX");
    assertEquals(RETRY, head(all, "POST", 500));
    assertEquals(RETRY, all.classifyFailure("PATCH"));
  }

  @Test
  void allSuccessfulCountsEveryResponse() {
    ResponseClassifier c = classifier("io.l5d.h2.allSuccessful");
    assertEquals(OK, head(c, "POST", 500));
    assertEquals(FAIL, c.classifyFailure("POST"));
  }

  @Test
  void noHttpKindWaitsForTheTrailers() {
    for (String kind : List.of("io.l5d.h2.nonRetryable5XX", "io.l5d.h2.retryableAll5XX")) {
      assertTrue(head(classifier(kind), "POST", 200) != null, kind);
    }
    assertNull(head(classifier("io.l5d.h2.grpc.default"), "POST", 200), "gRPC waits");
  }
}

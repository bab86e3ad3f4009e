package io.hoplink.router.resilience.classifiers;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

class ClassifierPluginsTest {
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

  private static ResponseClass classify(ResponseClassifier c, String method, int status,
      Map<String, String> headers) {
    return c.classify(method, status, name -> headers.get(name.toLowerCase()));
  }

  @Test
  void serviceLoaderFindsTheHttpKinds() {
    assertEquals(List.of("io.l5d.http.allSuccessful", "io.l5d.http.nonRetryable5XX",
        "io.l5d.http.retryableAll5XX", "io.l5d.http.retryableIdempotent5XX",
        "io.l5d.http.retryableRead5XX"), loaded().kinds().stream()
            .filter(kind -> kind.startsWith("io.l5d.http.")).toList());
  }

  @Test
  void parsesAKindWithoutKeys() {
    assertEquals(new HttpClassifierPlugin.Config("io.l5d.http.retryableRead5XX"),
        loaded().parse(YamlLoader.load("kind: io.l5d.http.retryableRead5XX")));
  }

  @Test
  void rejectsKeysItDoesNotKnowWithThePath() {
    ConfigException e = assertThrows(ConfigException.class, () -> loaded().parse(
        YamlLoader.load("responseClassifier: {kind: io.l5d.http.nonRetryable5XX, methods: [GET]}")
            .required("responseClassifier")));
    assertTrue(e.getMessage().startsWith(
        "responseClassifier.methods (io.l5d.http.nonRetryable5XX): unknown key"), e.getMessage());
  }

  @Test
  void nonRetryable5xxNeverRetries() {
    ResponseClassifier c = classifier("io.l5d.http.nonRetryable5XX");
    assertEquals(OK, classify(c, "GET", 200, Map.of()));
    assertEquals(OK, classify(c, "GET", 404, Map.of()));
    assertEquals(FAIL, classify(c, "GET", 503, Map.of()));
    assertEquals(FAIL, c.classifyFailure("GET"));
  }

  @Test
  void retryableRead5xxRetriesOnlyReads() {
    ResponseClassifier c = classifier("io.l5d.http.retryableRead5XX");
    for (String read : List.of("GET", "HEAD", "OPTIONS", "TRACE")) {
      assertEquals(RETRY, classify(c, read, 500, Map.of()), read);
      assertEquals(RETRY, c.classifyFailure(read), read);
    }
    for (String write : List.of("PUT", "DELETE", "POST", "PATCH")) {
      assertEquals(FAIL, classify(c, write, 500, Map.of()), write);
      assertEquals(FAIL, c.classifyFailure(write), write);
    }
  }

  @Test
  void retryableIdempotentAddsPutAndDelete() {
    ResponseClassifier c = classifier("io.l5d.http.retryableIdempotent5XX");
    assertEquals(RETRY, classify(c, "PUT", 502, Map.of()));
    assertEquals(RETRY, c.classifyFailure("DELETE"));
    assertEquals(FAIL, classify(c, "POST", 502, Map.of()));
  }

  @Test
  void retryableAllAddsPostAndPatch() {
    ResponseClassifier c = classifier("io.l5d.http.retryableAll5XX");
    assertEquals(RETRY, classify(c, "POST", 500, Map.of()));
    assertEquals(RETRY, c.classifyFailure("PATCH"));
    assertEquals(OK, classify(c, "POST", 201, Map.of()));
  }

  @Test
  void allSuccessfulCountsEveryResponseButNotAMissingOne() {
    ResponseClassifier c = classifier("io.l5d.http.allSuccessful");
    assertEquals(OK, classify(c, "POST", 500, Map.of()));
    assertEquals(FAIL, c.classifyFailure("GET"));
  }

  @Test
  void theRetryableHeaderMakesAFailureRetryable() {
    ResponseClassifier c = classifier("io.l5d.http.nonRetryable5XX");
    assertEquals(RETRY, classify(c, "POST", 502, Map.of("l5d-retryable", "true")));
    assertEquals(FAIL, classify(c, "POST", 502, Map.of("l5d-retryable", "false")));
    assertEquals(OK, classify(c, "POST", 200, Map.of("l5d-retryable", "true")));
  }

  @Test
  void aDownstreamRoutersSuccessClassIsBelieved() {
    ResponseClassifier c = classifier("io.l5d.http.retryableRead5XX");
    assertEquals(FAIL, classify(c, "POST", 200, Map.of("l5d-success-class", "0.0")));
    assertEquals(OK, classify(c, "GET", 500, Map.of("l5d-success-class", "1.0")));
    assertEquals(RETRY, classify(c, "GET", 200, Map.of("l5d-success-class", "0.0")));
  }
}

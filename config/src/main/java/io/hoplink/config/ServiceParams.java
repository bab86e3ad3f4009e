package io.hoplink.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * The effective service parameters for one service name ({@link PrefixPolicy#params}).
 *
 * @param totalTimeout empty: none; covers the request and all its retries
 * @param responseClassifier parsed by the {@code classifier} plugin family; by default
 *     {@code io.l5d.http.nonRetryable5XX} (h2: {@code io.l5d.h2.nonRetryable5XX})
 * @param retryBufferSize h2 only
 * @param classificationTimeout h2 only: how long to wait for trailers to classify a response
 */
public record ServiceParams(
    Optional<Duration> totalTimeout,
    RetriesConfig retries,
    PluginConfig responseClassifier,
    RetryBufferSize retryBufferSize,
    Duration classificationTimeout) {

  static final Duration DEFAULT_CLASSIFICATION_TIMEOUT = Duration.ofMillis(100);

  public ServiceParams {
    requireNonNull(totalTimeout, "totalTimeout");
    requireNonNull(retries, "retries");
    requireNonNull(responseClassifier, "responseClassifier");
    requireNonNull(retryBufferSize, "retryBufferSize");
    requireNonNull(classificationTimeout, "classificationTimeout");
  }

  static ServiceParams of(java.util.Map<String, Object> values) {
    return new ServiceParams(
        Optional.ofNullable((Duration) values.get("totalTimeoutMs")),
        (RetriesConfig) values.get("retries"),
        (PluginConfig) values.get("responseClassifier"),
        (RetryBufferSize) values.getOrDefault("retryBufferSize", RetryBufferSize.defaults()),
        (Duration) values.getOrDefault("classificationTimeoutMs", DEFAULT_CLASSIFICATION_TIMEOUT));
  }
}

package io.hoplink.router.resilience.classifiers;

import io.hoplink.router.resilience.ResponseClass;
import io.hoplink.router.resilience.ResponseClassifier;
import java.util.Set;
import java.util.function.Function;

/**
 * Linkerd's HTTP classifiers: a 5XX response is a failure, retryable when the request method is
 * one of {@code retryable} or the response says {@code l5d-retryable: true}; a failed attempt
 * (no response) is a failure, retryable for those methods. A downstream router's
 * {@code l5d-success-class} is believed. {@code allSuccessful} counts every response a success.
 */
final class Http5xxClassifier implements ResponseClassifier {
  private final Set<String> retryable;
  private final boolean allSuccessful;

  Http5xxClassifier(Set<String> retryable, boolean allSuccessful) {
    this.retryable = Set.copyOf(retryable);
    this.allSuccessful = allSuccessful;
  }

  @Override
  public ResponseClass classify(String method, int status, Function<String, String> header) {
    if (allSuccessful) {
      return ResponseClass.SUCCESS;
    }
    String successClass = header.apply(SUCCESS_CLASS_HEADER);
    boolean failed = successClass != null ? !(parse(successClass) > 0) : status >= 500;
    if (!failed) {
      return ResponseClass.SUCCESS;
    }
    boolean retry = retryable.contains(method) || "true".equalsIgnoreCase(header.apply(RETRYABLE_HEADER));
    return retry ? ResponseClass.RETRYABLE_FAILURE : ResponseClass.FAILURE;
  }

  @Override
  public ResponseClass classifyFailure(String method) {
    return retryable.contains(method) ? ResponseClass.RETRYABLE_FAILURE : ResponseClass.FAILURE;
  }

  private static double parse(String value) {
    try {
      return Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  @Override
  public String toString() {
    return allSuccessful ? "allSuccessful" : "5XX failures, retryable for " + retryable;
  }
}

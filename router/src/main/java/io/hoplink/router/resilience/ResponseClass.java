package io.hoplink.router.resilience;

/** What a classifier makes of one response or failed attempt. */
public enum ResponseClass {
  SUCCESS,
  FAILURE,
  /** A failure that may be sent again (budget and body permitting). */
  RETRYABLE_FAILURE;

  public boolean success() {
    return this == SUCCESS;
  }

  public boolean retryable() {
    return this == RETRYABLE_FAILURE;
  }

  /** The {@code l5d-success-class} value Linkerd sends: {@code 1.0} or {@code 0.0}. */
  public String successClass() {
    return success() ? "1.0" : "0.0";
  }
}

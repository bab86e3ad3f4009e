package io.hoplink.router;

import io.hoplink.naming.Name;
import io.hoplink.naming.NameTree;
import io.hoplink.naming.Path;
import io.hoplink.router.http.ProxyExchange;
import io.hoplink.router.http.UpstreamFailedException;
import io.hoplink.router.http.UpstreamNotWrittenException;
import io.hoplink.router.http.UpstreamResponse;
import io.hoplink.router.lb.Node;
import io.hoplink.router.resilience.Deadline;
import io.hoplink.router.resilience.ResponseClass;
import io.hoplink.router.resilience.ResponseClassifier;
import io.vertx.core.AsyncResult;
import java.time.Duration;

/**
 * One request's way through its attempts, on the connection's event loop: the deadline
 * ({@code l5d-ctx-deadline} tightened by {@code totalTimeoutMs}), requeues of attempts that never
 * reached an endpoint, retries of what the classifier calls retryable within the service's
 * budget, per-attempt timeouts, failure accrual, and the metrics of the service and clients.
 * Every request ends as a relayed response, a router error with {@code l5d-err}, or a reset.
 */
final class ResilientRequest {
  /** Requeues one request may take, whatever the budget holds. */
  static final int MAX_REQUEUES = 25;

  private final RouteEnv env;
  private final ProxyExchange exchange;
  private final Path name;
  private final NameTree<Name.Bound> tree;
  private final ServiceSpan span;
  private final ServicePolicy service;
  private final String method;
  private final RetryGate retries = new RetryGate();
  private int requeues;
  private boolean relaying;

  ResilientRequest(RouteEnv env, ProxyExchange exchange, Path name, NameTree<Name.Bound> tree) {
    this.env = env;
    this.exchange = exchange;
    this.name = name;
    this.tree = tree;
    this.span = new ServiceSpan(env, name);
    this.service = span.service();
    this.method = exchange.method().name();
  }

  void start() {
    span.begin(exchange.headers().getAll(Deadline.HEADER), this::onTotalTimeout);
    if (span.expired()) {
      endWithError(503, "the request deadline (" + Deadline.HEADER + ") had passed on arrival",
          false);
      return;
    }
    exchange.bufferBody(env.bufferLimitBytes()).onComplete(ar -> {
      if (ar.failed()) {
        endWithError(400, "request body failed: " + ar.cause().getMessage(), false);
      } else {
        attempt(null);
      }
    });
  }

  /** Sends one attempt to {@code requeueTo} (a requeue), or else to a newly chosen name. */
  private void attempt(Name.Bound requeueTo) {
    if (exchange.ended()) {
      span.end(-1, false); // the client went away, or the deadline answered
      return;
    }
    Attempt attempt = Attempt.open(env, span, name, tree, requeueTo, exchange.headers(),
        exchange::abortAttempt, message -> endWithError(502, message, false));
    if (attempt == null) {
      return;
    }
    Node node = attempt.node;
    exchange.send(attempt.client.policy().upstream(), node.address().host(),
        node.address().port())
        .onComplete(ar -> onAttempt(attempt, ar));
  }

  private void onAttempt(Attempt attempt, AsyncResult<UpstreamResponse> ar) {
    attempt.headArrived();
    if (ar.succeeded()) {
      onResponse(attempt, ar.result());
    } else {
      onFailure(attempt, ar.cause());
    }
  }

  private void onResponse(Attempt attempt, UpstreamResponse response) {
    int status = response.status();
    ResponseClass outcome =
        service.classifier().classify(method, status, response.headers()::get);
    attempt.ended(status, outcome.success(), true);
    if (outcome.retryable() && retry(() -> response.discard())) {
      return;
    }
    exchange.setResponseHeader(ResponseClassifier.SUCCESS_CLASS_HEADER, outcome.successClass());
    if (!outcome.success()) {
      exchange.setResponseHeader(ResponseClassifier.RETRYABLE_HEADER,
          Boolean.toString(outcome.retryable()));
    }
    relaying = true;
    span.cancelTimer();
    response.relay().onComplete(relayed -> {
      if (relayed.succeeded()) {
        span.end(status, outcome.success());
      } else if (!exchange.ended()) {
        endWithError(502, "response from " + attempt.node.address().hostPort() + " failed: "
            + relayed.cause().getMessage(), false);
      } else {
        span.end(-1, false); // the client connection was reset
      }
    });
  }

  private void onFailure(Attempt attempt, Throwable cause) {
    // Aborted by the deadline or the client: not the endpoint's fault, so not for accrual.
    attempt.ended(-1, false, !exchange.ended());
    if (exchange.ended()) {
      span.end(-1, false);
      return;
    }
    ClientPolicy policy = attempt.client.policy();
    boolean notWritten = cause instanceof UpstreamNotWrittenException;
    if (notWritten && requeues < MAX_REQUEUES && policy.requeueBudget().tryWithdraw()) {
      requeues++;
      policy.requeues().inc();
      attempt(attempt.bound);
      return;
    }
    if (cause instanceof UpstreamFailedException failed && failed.responseStarted()) {
      span.end(-1, false); // the client connection was reset
      return;
    }
    ResponseClass outcome = service.classifier().classifyFailure(method);
    if (outcome.retryable() && retry(() -> { })) {
      return;
    }
    String where = attempt.node.address().hostPort();
    if (attempt.timedOut) {
      endWithError(503, "request to " + where + " timed out: " + cause.getMessage(),
          outcome.retryable());
    } else {
      endWithError(502, (notWritten ? "connection to " : "request to ") + where + " failed: "
          + cause.getMessage(), outcome.retryable());
    }
  }

  /**
   * Retries if the body can be sent again, the backoff ends before the deadline and the budget
   * holds a retry; {@code drop} lets go of the failed attempt first.
   */
  private boolean retry(Runnable drop) {
    if (!exchange.replayable() || exchange.ended()) {
      return false;
    }
    return retries.retry(service, span.deadline(), env.wallNanos().getAsLong(), env.vertx(), drop,
        () -> attempt(null));
  }

  private void onTotalTimeout(Duration total) {
    if (relaying || exchange.ended()) {
      return;
    }
    endWithError(503, "exceeded totalTimeoutMs " + total.toMillis() + " ms for " + name.show(),
        false);
  }

  private void endWithError(int status, String message, boolean retryable) {
    span.cancelTimer();
    exchange.setResponseHeader(ResponseClassifier.SUCCESS_CLASS_HEADER, "0.0");
    exchange.setResponseHeader(ResponseClassifier.RETRYABLE_HEADER, Boolean.toString(retryable));
    span.end(status, false); // first: fail() aborts the attempt, whose callback may run inside
    exchange.fail(status, message);
  }


}

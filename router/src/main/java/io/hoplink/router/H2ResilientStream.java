package io.hoplink.router;

import io.hoplink.naming.Name;
import io.hoplink.naming.NameTree;
import io.hoplink.naming.Path;
import io.hoplink.router.h2.H2Exchange;
import io.hoplink.router.h2.H2ForwardException;
import io.hoplink.router.h2.H2Response;
import io.hoplink.router.h2.H2Result;
import io.hoplink.router.lb.Node;
import io.hoplink.router.resilience.Deadline;
import io.hoplink.router.resilience.ResponseClass;
import java.time.Duration;

/**
 * One h2 stream's way through its attempts, on the stream's event loop, as
 * {@link ResilientRequest} does it for HTTP/1.1: {@code totalTimeoutMs}, requeues of attempts
 * that never reached an endpoint (no connection, REFUSED_STREAM), budgeted retries of what the
 * classifier calls retryable, {@code requestAttemptTimeoutMs}, failure accrual and the service
 * and client metrics, all as the classifier judges the stream at its end (a gRPC status in the
 * trailers counts). The first {@code retryBufferSize.requestBytes} of the request are kept for
 * retries. When only the trailers can tell whether to retry and a retry is possible, the
 * response is held, up to {@code responseBytes} and {@code classificationTimeoutMs}, before
 * anything is relayed; once more than that has come, it streams on and is not retried.
 */
final class H2ResilientStream {
  private final RouteEnv env;
  private final H2Exchange exchange;
  private final Path name;
  private final NameTree<Name.Bound> tree;
  private final ServiceSpan span;
  private final ServicePolicy service;
  private final String method;
  private final RetryGate retries = new RetryGate();
  private int requeues;
  private boolean relaying;

  H2ResilientStream(RouteEnv env, H2Exchange exchange, Path name, NameTree<Name.Bound> tree) {
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
    exchange.bufferRequest(service.retryBuffer().requestBytes());
    attempt(null);
  }

  /** Sends one attempt to {@code requeueTo} (a requeue), or else to a newly chosen name. */
  private void attempt(Name.Bound requeueTo) {
    if (exchange.ended()) {
      span.end(-1, false); // the client went away, or the deadline answered
      return;
    }
    Attempt attempt = Attempt.open(env, span, name, tree, requeueTo, exchange.headers(),
        exchange::abortAttempt, message -> endWithError(502, message));
    if (attempt == null) {
      return;
    }
    Node node = attempt.node;
    exchange.send(attempt.client.policy().upstream(), node.address().host(),
        node.address().port())
        .onComplete(ar -> {
          attempt.headArrived();
          if (ar.succeeded()) {
            onHead(attempt, ar.result());
          } else {
            onFailure(attempt, ar.cause());
          }
        });
  }

  private void onHead(Attempt attempt, H2Response response) {
    if (exchange.ended()) {
      response.discard();
      attempt.ended(-1, false, false);
      span.end(-1, false);
      return;
    }
    ResponseClass early = service.classifier()
        .classifyHead(method, response.status(), response.headers()::get);
    if (early != null) {
      if (early.retryable() && retry(() -> drop(attempt, response))) {
        return;
      }
      relay(attempt, response);
    } else if (retryPossible()) {
      response.bufferToEnd(service.retryBuffer().responseBytes(),
          service.classificationTimeout().toMillis()).onComplete(ar -> {
            H2Response.Buffered how = ar.succeeded() ? ar.result() : H2Response.Buffered.FAILED;
            onBuffered(attempt, response, how);
          });
    } else {
      relay(attempt, response);
    }
  }

  private void onBuffered(Attempt attempt, H2Response response, H2Response.Buffered how) {
    if (exchange.ended()) {
      response.discard();
      attempt.ended(-1, false, false);
      span.end(-1, false);
      return;
    }
    switch (how) {
      case ENDED -> {
        ResponseClass outcome = service.classifier().classifyEnd(method, response.status(),
            response.headers()::get, response.trailers()::get);
        if (outcome.retryable() && retry(() -> drop(attempt, response))) {
          return;
        }
        relay(attempt, response);
      }
      case TOO_LONG -> {
        service.scope().counter("retries/response_stream_too_long").inc();
        relay(attempt, response);
      }
      case TIMED_OUT -> {
        service.scope().counter("retries/classification_timeout").inc();
        relay(attempt, response);
      }
      case FAILED -> {
        H2ForwardException failure = response.failure();
        response.discard();
        if (failure != null) {
          onFailure(attempt, failure);
        } else {
          attempt.ended(-1, false, true);
          endWithError(502, "the response from " + attempt.node.address().hostPort() + " failed");
        }
      }
      default -> throw new IllegalStateException(how.name());
    }
  }

  /** Drops a response that will be retried: a failure of its attempt. */
  private void drop(Attempt attempt, H2Response response) {
    response.discard();
    attempt.ended(response.status(), false, true);
  }

  private void relay(Attempt attempt, H2Response response) {
    relaying = true;
    span.cancelTimer();
    response.relay().onComplete(ar -> {
      if (ar.succeeded()) {
        H2Result result = ar.result();
        ResponseClass outcome = service.classifier().classifyEnd(method, result.status(),
            response.headers()::get, result.trailers()::get);
        attempt.ended(result.status(), outcome.success(), true);
        span.end(result.status(), outcome.success());
      } else {
        // The exchange answered: the upstream broke off (its fault), or the client went away.
        boolean upstreamFault = ar.cause().getCause() != null;
        attempt.ended(-1, false, upstreamFault);
        span.end(-1, false);
      }
    });
  }

  private void onFailure(Attempt attempt, Throwable cause) {
    if (exchange.ended()) {
      attempt.ended(-1, false, false); // aborted by the deadline or the client
      span.end(-1, false);
      return;
    }
    attempt.ended(-1, false, true);
    if (!(cause instanceof H2ForwardException failure)) {
      endWithError(502, "request to " + attempt.node.address().hostPort() + " failed: " + cause);
      return;
    }
    ClientPolicy policy = attempt.client.policy();
    if (failure.retryable() && requeues < ResilientRequest.MAX_REQUEUES
        && policy.requeueBudget().tryWithdraw()) {
      requeues++;
      policy.requeues().inc();
      attempt(attempt.bound);
      return;
    }
    ResponseClass outcome = failure.resetCode() >= 0
        ? service.classifier().classifyReset(method, failure.resetCode())
        : service.classifier().classifyFailure(method);
    if (outcome.retryable() && retry(() -> { })) {
      return;
    }
    span.cancelTimer();
    String where = attempt.node.address().hostPort();
    if (attempt.timedOut || span.expired()) {
      // Timed out here, or the upstream gave up on the deadline we forwarded (grpc-timeout).
      span.end(503, false);
      exchange.deadlineExceeded("request to " + where + " timed out: " + failure.getMessage());
    } else {
      span.end(failure.resetCode() >= 0 && !failure.retryable() ? -1 : 502, false);
      exchange.fail(failure);
    }
  }

  /** Whether a retry could follow this attempt: worth holding its response to classify it. */
  private boolean retryPossible() {
    return exchange.replayable() && service.retryBudget().balance() >= 1;
  }

  /**
   * Retries if the request body can be sent again, the backoff ends before the deadline and
   * the budget holds a retry; {@code drop} lets go of the failed attempt first.
   */
  private boolean retry(Runnable drop) {
    if (exchange.ended()) {
      return false;
    }
    if (!exchange.replayable()) {
      service.scope().counter("retries/request_stream_too_long").inc();
      return false;
    }
    return retries.retry(service, span.deadline(), env.wallNanos().getAsLong(), env.vertx(), drop,
        () -> attempt(null));
  }

  private void onTotalTimeout(Duration total) {
    if (relaying || exchange.ended()) {
      return;
    }
    span.end(503, false);
    exchange.deadlineExceeded("exceeded totalTimeoutMs " + total.toMillis() + " ms for "
        + name.show());
  }

  private void endWithError(int status, String message) {
    span.cancelTimer();
    span.end(status, false); // first: fail() aborts the attempt, whose callback may run inside
    exchange.fail(status, message);
  }


}

package io.hoplink.router;

import io.hoplink.naming.Name;
import io.hoplink.naming.Path;
import io.hoplink.router.forward.Exchange;
import io.hoplink.router.forward.ForwardFailure;
import io.hoplink.router.forward.ForwardResult;
import io.hoplink.router.forward.UpstreamReply;
import io.hoplink.router.lb.Node;
import io.hoplink.router.resilience.ResponseClass;
import io.hoplink.router.resilience.ResponseClassifier;
import io.hoplink.router.telemetry.recent.RecentRequest;
import io.hoplink.router.telemetry.recent.RecentRequests;
import io.hoplink.router.tls.ClientCertHeader;
import io.hoplink.router.tracing.RequestTrace;
import io.vertx.core.AsyncResult;

/**
 * One request's way through its attempts, whatever the wire protocol, on the exchange's event
 * loop: its deadline (the request's own tightened by {@code totalTimeoutMs}), requeues of
 * attempts that never reached an endpoint (no connection, REFUSED_STREAM), retries of what the
 * classifier calls retryable within the service's budget, per-attempt timeouts, failure accrual,
 * and the metrics of the service and clients. The classifier judges a response on its head;
 * where only the end can tell (a gRPC status in the trailers) and a retry is possible, the
 * response is held, up to {@code retryBufferSize.responseBytes} and
 * {@code classificationTimeoutMs}, and judged at its end. The request body is kept for retries
 * up to {@code streamAfterContentLengthKB} (http) or {@code retryBufferSize.requestBytes} (h2).
 */
final class ForwardLoop {
  /** Requeues one request may take, whatever the budget holds. */
  static final int MAX_REQUEUES = 25;

  private final RouteEnv env;
  private final Exchange exchange;
  private final Path name;
  private final BoundTreePicker tree;
  private final ServiceSpan span;
  private final ServicePolicy service;
  private final ResponseClassifier classifier;
  private final String method;
  private final RetryGate retries = new RetryGate();
  private final RequestTrace trace;
  private int requeues;
  private int retried;
  private boolean relaying;
  /** The attempt made last, for the recent-requests sample. */
  private Attempt last;

  ForwardLoop(RouteEnv env, Exchange exchange, Path name, BoundTreePicker tree) {
    this(env, exchange, name, tree, RequestTrace.NONE);
  }

  /** As above; {@code trace} records the request's attempts. */
  ForwardLoop(RouteEnv env, Exchange exchange, Path name, BoundTreePicker tree,
      RequestTrace trace) {
    this.env = env;
    this.trace = trace;
    trace.named(name.show());
    this.exchange = exchange;
    this.name = name;
    this.tree = tree;
    this.span = new ServiceSpan(env, name);
    this.service = span.service();
    this.classifier = service.classifier();
    this.method = exchange.method().name();
    if (env.recent() != null) {
      span.onEnd(this::sample);
    }
  }

  /** The request ended: kept in the recent-requests ring if the draw says so. */
  private void sample(int status, long latencyNanos) {
    RecentRequests recent = env.recent();
    if (!recent.sampled()) {
      return;
    }
    long startedAtMs = env.wallNanos().getAsLong() / 1_000_000 - latencyNanos / 1_000_000;
    io.vertx.core.net.SocketAddress source = exchange.remoteAddress();
    recent.add(new RecentRequest(startedAtMs, env.runtime().config().label(),
        source == null ? null : source.hostAddress() + ":" + source.port(), method, name.show(),
        last == null ? null : last.client.id().show(),
        last == null ? null : last.node.address().hostPort(), status, latencyNanos,
        retried + requeues));
  }

  void start() {
    span.begin(exchange.takeDeadline(), this::onDeadline);
    if (span.expired()) {
      endWithDeadline("the request deadline had passed on arrival");
      return;
    }
    exchange.keepForRetries(keepBytes());
    attempt(null);
  }

  private long keepBytes() {
    long limit = env.fixedLengthKeepBytes();
    if (limit < 0) {
      return service.retryBuffer().requestBytes();
    }
    long declared = exchange.declaredLength();
    return declared >= 0 && declared <= limit ? declared : 0;
  }

  /** Sends one attempt to {@code requeueTo} (a requeue), or else to a newly chosen name. */
  private void attempt(Name.Bound requeueTo) {
    if (exchange.ended()) {
      span.end(-1, false); // the client went away, or the deadline answered
      return;
    }
    Attempt attempt = Attempt.open(env, span, name, tree, requeueTo, exchange.headers(),
        !exchange.localDtab().isEmpty(), exchange::abortAttempt, this::endWithError, trace);
    if (attempt == null) {
      return;
    }
    last = attempt;
    Node node = attempt.node;
    String clientCert = attempt.client.policy().forwardClientCert()
        ? exchange.clientCertHeader() : null;
    if (clientCert != null) {
      exchange.headers().set(ClientCertHeader.NAME, clientCert);
    } else {
      exchange.headers().remove(ClientCertHeader.NAME); // an attempt by another client set it
    }
    exchange.send(attempt.client.policy().upstream(), node.address().host(),
        node.address().port()).onComplete(ar -> {
          attempt.headArrived();
          if (ar.succeeded()) {
            onHead(attempt, ar.result());
          } else {
            onFailure(attempt, ar.cause());
          }
        });
  }

  private void onHead(Attempt attempt, UpstreamReply reply) {
    if (exchange.ended()) {
      abandon(attempt, reply);
      return;
    }
    ResponseClass early = classifier.classifyHead(method, reply.status(), reply.headers()::get);
    if (early != null) {
      if (early.retryable() && retry(() -> drop(attempt, reply))) {
        return;
      }
      relay(attempt, reply, early);
    } else if (retryPossible()) {
      reply.bufferToEnd(service.retryBuffer().responseBytes(),
          service.classificationTimeout().toMillis()).onComplete(ar -> onBuffered(attempt, reply,
              ar.succeeded() ? ar.result() : UpstreamReply.Buffered.FAILED));
    } else {
      relay(attempt, reply, null);
    }
  }

  private void onBuffered(Attempt attempt, UpstreamReply reply, UpstreamReply.Buffered how) {
    if (exchange.ended()) {
      abandon(attempt, reply);
      return;
    }
    switch (how) {
      case ENDED -> {
        ResponseClass outcome = classifier.classifyEnd(method, reply.status(),
            reply.headers()::get, reply.trailers()::get);
        if (outcome.retryable() && retry(() -> drop(attempt, reply))) {
          return;
        }
        relay(attempt, reply, outcome);
      }
      case TOO_LONG -> {
        service.scope().counter("retries/response_stream_too_long").inc();
        relay(attempt, reply, null);
      }
      case TIMED_OUT -> {
        service.scope().counter("retries/classification_timeout").inc();
        relay(attempt, reply, null);
      }
      case FAILED -> {
        ForwardFailure failure = reply.failure();
        reply.discard();
        onFailure(attempt, failure != null ? failure : new IllegalStateException(
            "the response from " + attempt.node.address().hostPort() + " failed"));
      }
      default -> throw new IllegalStateException(how.name());
    }
  }

  /** The exchange ended while the response was held: it goes, uncounted against the endpoint. */
  private void abandon(Attempt attempt, UpstreamReply reply) {
    reply.discard();
    attempt.ended(-1, false, false);
    span.end(-1, false);
  }

  /** Drops a response that will be retried: a failure of its attempt. */
  private void drop(Attempt attempt, UpstreamReply reply) {
    reply.discard();
    attempt.ended(reply.status(), false, true);
  }

  /** Relays the response; {@code known}: its class, when known before the end. */
  private void relay(Attempt attempt, UpstreamReply reply, ResponseClass known) {
    if (known != null) {
      exchange.setResponseHeader(ResponseClassifier.SUCCESS_CLASS_HEADER, known.successClass());
      if (!known.success()) {
        exchange.setResponseHeader(ResponseClassifier.RETRYABLE_HEADER,
            Boolean.toString(known.retryable()));
      }
    }
    relaying = true;
    span.relaying(exchange.deadlineCoversResponse());
    reply.relay().onComplete(ar -> onRelayed(attempt, reply, ar));
  }

  private void onRelayed(Attempt attempt, UpstreamReply reply, AsyncResult<ForwardResult> ar) {
    if (ar.succeeded()) {
      ForwardResult result = ar.result();
      ResponseClass outcome = classifier.classifyEnd(method, result.status(),
          reply.headers()::get, result.trailers()::get);
      attempt.ended(result.status(), outcome.success(), true);
      span.end(result.status(), outcome.success());
    } else {
      // The exchange answered: the upstream broke off (its fault), or the client went away.
      boolean upstreamFault = ar.cause() instanceof ForwardFailure f && f.upstreamFault();
      attempt.ended(-1, false, upstreamFault);
      span.end(-1, false);
      if (upstreamFault) {
        noteError(attempt, ar.cause().getMessage());
        upstreamError(attempt, exchange.sentStatus(), ar.cause().getMessage());
      }
    }
  }

  private void onFailure(Attempt attempt, Throwable cause) {
    if (exchange.ended()) {
      attempt.ended(-1, false, false); // aborted by the deadline or the client
      span.end(-1, false);
      return;
    }
    attempt.ended(-1, false, true);
    noteError(attempt, cause.getMessage());
    String where = attempt.node.address().hostPort();
    if (!(cause instanceof ForwardFailure failure)) {
      String reason = "request to " + where + " failed: " + cause.getMessage();
      endWithError(502, reason);
      upstreamError(attempt, 502, reason);
      return;
    }
    if (failure.tlsHandshake()) {
      attempt.client.tlsHandshakeFailed();
    }
    ClientPolicy policy = attempt.client.policy();
    if (failure.notSent() && requeues < MAX_REQUEUES && policy.requeueBudget().tryWithdraw()) {
      requeues++;
      policy.requeues().inc();
      attempt(attempt.bound);
      return;
    }
    ResponseClass outcome = failure.resetCode() != ForwardFailure.NO_RESET
        ? classifier.classifyReset(method, failure.resetCode())
        : classifier.classifyFailure(method);
    if (outcome.retryable() && retry(() -> { })) {
      return;
    }
    if (attempt.timedOut || span.expired()) {
      // Timed out here, or the upstream gave up on the deadline we forwarded (grpc-timeout).
      String reason = "request to " + where + " timed out: " + failure.getMessage();
      endWithDeadline(reason);
      upstreamError(attempt, 503, reason);
      return;
    }
    markError(outcome.retryable());
    int status = exchange.fail(failure);
    span.end(status, false);
    if (status != 0) {
      upstreamError(attempt, status, failure.getMessage());
    }
  }

  /** The request ended in an error of the router's after {@code attempt} failed: logged. */
  /** Every attempt the endpoint failed, requeued and retried ones too, for its recent errors. */
  private void noteError(Attempt attempt, String reason) {
    attempt.node.recentErrors().add(env.wallNanos().getAsLong() / 1_000_000,
        String.valueOf(reason));
  }

  private void upstreamError(Attempt attempt, int status, String reason) {
    env.runtime().events().upstreamError(name, attempt.client.id(),
        attempt.node.address().hostPort(), status, reason);
  }

  /** Whether a retry could follow this attempt: worth holding its response to classify it. */
  private boolean retryPossible() {
    return exchange.replayable() && service.retryBudget().balance() >= 1;
  }

  /**
   * Retries if the request body can be sent again, the backoff ends before the deadline and the
   * budget holds a retry; {@code drop} lets go of the failed attempt first.
   */
  private boolean retry(Runnable drop) {
    if (exchange.ended()) {
      return false;
    }
    if (!exchange.replayable()) {
      service.scope().counter("retries/request_stream_too_long").inc();
      return false;
    }
    return retries.retry(service, span.deadline(), env.wallNanos().getAsLong(), env.timers(),
        () -> {
          retried++; // counted before the next attempt, which may end the request at once
          drop.run();
        }, () -> attempt(null));
  }

  /**
   * The deadline passed: before the response, a 503; while it streams, the exchange ends it
   * (gRPC trailers or a reset) and the relay's end counts it.
   */
  private void onDeadline(String reason) {
    if (exchange.ended()) {
      return;
    }
    if (relaying) {
      exchange.deadlineExceeded(reason);
    } else {
      endWithDeadline(reason);
    }
  }

  private void endWithDeadline(String reason) {
    markError(false);
    span.end(503, false); // first: ending the exchange aborts the attempt, whose callback runs
    exchange.deadlineExceeded(reason);
  }

  private void endWithError(int status, String message) {
    markError(false);
    span.end(status, false);
    exchange.fail(status, message);
  }

  private void markError(boolean retryable) {
    exchange.setResponseHeader(ResponseClassifier.SUCCESS_CLASS_HEADER, "0.0");
    exchange.setResponseHeader(ResponseClassifier.RETRYABLE_HEADER, Boolean.toString(retryable));
  }
}

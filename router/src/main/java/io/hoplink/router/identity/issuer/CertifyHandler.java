package io.hoplink.router.identity.issuer;

import io.hoplink.router.identity.CertifyProtocol;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * {@code POST /v1/certify} (and {@code GET /ping} for probes) on the event loop: every input is
 * bounded before any work is done for it. In order: the rate limits (429), the body's size (413,
 * read at most {@link CertifyProtocol#MAX_BODY_BYTES}), its shape (400: a JSON object with a
 * PEM request and a token of JWT characters, each bounded); then the {@link Certifier} runs on the
 * review executor, whose queue is bounded (503 when full, or when a request waited too long).
 */
final class CertifyHandler implements Handler<HttpServerRequest> {
  private static final Logger LOG = Logger.getLogger("hoplink");
  /** A JWT: base64url segments joined by dots. */
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]*){1,4}");
  /** A request that waited this long for a reviewer is dropped: its client has given up. */
  static final long MAX_QUEUED_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final Certifier certifier;
  private final Executor reviews;
  private final RequestLimits limits;
  private final RefusalLog refusals;

  CertifyHandler(Certifier certifier, Executor reviews, RequestLimits limits,
      RefusalLog refusals) {
    this.certifier = certifier;
    this.reviews = reviews;
    this.limits = limits;
    this.refusals = refusals;
  }

  @Override
  public void handle(HttpServerRequest request) {
    request.response().exceptionHandler(ignored -> { }); // a client gone: nothing to answer
    if (request.path().equals("/ping") && request.method() == HttpMethod.GET) {
      request.response().end("pong\n");
      return;
    }
    if (!request.path().equals(CertifyProtocol.PATH)) {
      plain(request.response().setStatusCode(404), "not found: the issuer answers POST "
          + CertifyProtocol.PATH);
      return;
    }
    if (request.method() != HttpMethod.POST) {
      plain(request.response().setStatusCode(405).putHeader("allow", "POST"),
          "method not allowed: POST " + CertifyProtocol.PATH);
      return;
    }
    String client = request.remoteAddress() == null ? "unknown"
        : request.remoteAddress().hostAddress();
    String limited = limits.admit(client);
    if (limited != null) {
      request.response().putHeader("retry-after", "1");
      refuse(request, 429, "rate limited", "too many requests: " + limited, client);
      return;
    }
    String length = request.getHeader("content-length");
    if (length != null && (!length.matches("\\d{1,9}")
        || Long.parseLong(length) > CertifyProtocol.MAX_BODY_BYTES)) {
      refuse(request, 413, "body too large", "a body of " + length + " bytes (expected: at most "
          + CertifyProtocol.MAX_BODY_BYTES + ")", client);
      return;
    }
    Buffer body = Buffer.buffer();
    boolean[] over = {false};
    request.handler(chunk -> {
      if (over[0]) {
        return;
      }
      if (body.length() + chunk.length() > CertifyProtocol.MAX_BODY_BYTES) {
        over[0] = true;
        refuse(request, 413, "body too large", "a body of more than "
            + CertifyProtocol.MAX_BODY_BYTES + " bytes", client);
        return;
      }
      body.appendBuffer(chunk);
    });
    request.endHandler(v -> {
      if (!over[0]) {
        read(request, body, client);
      }
    });
  }

  private void read(HttpServerRequest request, Buffer body, String client) {
    JsonObject json;
    try {
      json = new JsonObject(body);
    } catch (DecodeException | ClassCastException e) {
      refuse(request, 400, "bad request", "the body is not a JSON object", client);
      return;
    }
    Object csr = json.getValue(CertifyProtocol.CSR);
    Object token = json.getValue(CertifyProtocol.TOKEN);
    String problem = !(csr instanceof String c) || !(token instanceof String t)
        ? "expected {\"csr\": \"<PEM certificate request>\", \"token\": \"<service account token>\"}"
        : c.length() > CertifyProtocol.MAX_CSR_CHARS ? "a csr of more than "
            + CertifyProtocol.MAX_CSR_CHARS + " characters"
        : !c.contains("-----BEGIN CERTIFICATE REQUEST-----") ? "the csr is not a PEM certificate"
            + " request"
        : t.length() > CertifyProtocol.MAX_TOKEN_CHARS ? "a token of more than "
            + CertifyProtocol.MAX_TOKEN_CHARS + " characters"
        : !TOKEN.matcher(t).matches() ? "the token is not a service account token (a JWT)"
        : null;
    if (problem != null) {
      refuse(request, 400, "bad request", problem, client);
      return;
    }
    Context context = io.vertx.core.Vertx.currentContext();
    long queued = System.nanoTime();
    try {
      reviews.execute(() -> {
        Certifier.Outcome outcome = System.nanoTime() - queued > MAX_QUEUED_NANOS
            ? new Certifier.Refused(503, "busy", "waited over 10 s for a reviewer")
            : certifier.certify((String) token, (String) csr);
        context.runOnContext(v -> answer(request, outcome, client));
      });
    } catch (RejectedExecutionException e) {
      request.response().putHeader("retry-after", "1");
      refuse(request, 503, "busy", "every reviewer is busy and the queue is full", client);
    }
  }

  private void answer(HttpServerRequest request, Certifier.Outcome outcome, String client) {
    if (outcome instanceof Certifier.Refused refused) {
      refuse(request, refused.status(), refused.kind(), refused.reason(), client);
      return;
    }
    Certifier.Certified certified = (Certifier.Certified) outcome;
    LOG.info("identity: certified " + certified.account() + " (" + certified.origin() + ", from "
        + client + ") until " + certified.certificate().notAfter());
    if (!request.response().ended() && !request.response().closed()) {
      request.response().putHeader("content-type", "application/json")
          .end(new JsonObject().put(CertifyProtocol.CERTIFICATE, certified.certificate().chainPem())
              .put(CertifyProtocol.VALID_UNTIL, certified.certificate().notAfter().toString())
              .toBuffer());
    }
  }

  /** Answers {@code status} with the one-line {@code reason}, and notes it in the log. */
  private void refuse(HttpServerRequest request, int status, String kind, String reason,
      String client) {
    refusals.note(kind, status + " to " + client + ": " + reason);
    HttpServerResponse response = request.response();
    if (response.ended() || response.closed()) {
      return;
    }
    if (status == 413 || status == 429) {
      response.putHeader("connection", "close"); // its body is not read
    }
    plain(response.setStatusCode(status), reason);
  }

  private static void plain(HttpServerResponse response, String line) {
    response.putHeader("content-type", "text/plain; charset=utf-8").end(line + "\n");
  }
}

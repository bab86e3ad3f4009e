package io.hoplink.router.tracing;

import io.hoplink.router.forward.Exchange;
import io.vertx.core.MultiMap;
import io.vertx.core.net.SocketAddress;
import zipkin2.Endpoint;
import zipkin2.Span;

/**
 * A recorded trace: the router's server span (kind SERVER, the router's label as its service, the
 * client's address as its remote endpoint), reported when the request ends, and a client span
 * per attempt. Tags keep Linkerd's names: {@code service} (the identified name) and
 * {@code dtab.local} from its DstTracing, {@code http.req.method}, {@code http.uri},
 * {@code http.req.host} and {@code http.rsp.status} from its HTTP TracingFilter.
 */
final class RecordedRequest implements RequestTrace {
  private final SamplingTracer tracer;
  private final TraceContext context;
  private final String label;
  private final Endpoint local;
  private final TracePropagator propagator;
  private final Exchange exchange;
  private final long startMicros;
  private final long startNanos;
  private final String method;
  private final String uri;
  private final String host;
  private final String localDtab;
  private final SocketAddress remote;
  private String service;
  private int attempts;
  private boolean ended;

  RecordedRequest(SamplingTracer tracer, TraceContext context, Exchange exchange, String label,
      Endpoint local, TracePropagator propagator) {
    this.tracer = tracer;
    this.context = context;
    this.label = label;
    this.local = local;
    this.propagator = propagator;
    this.exchange = exchange;
    this.startMicros = tracer.wallMicros.getAsLong();
    this.startNanos = tracer.nanoTime.getAsLong();
    this.method = exchange.method().name();
    this.uri = exchange.path();
    this.host = exchange.authority();
    this.localDtab = exchange.localDtab();
    this.remote = exchange.remoteAddress();
  }

  @Override
  public void named(String service) {
    this.service = service;
  }

  @Override
  public AttemptTrace attempt(MultiMap headers, String client, String residual, String host,
      int port, boolean requeue) {
    TraceContext attempt = context.child(tracer.random);
    propagator.inject(headers, attempt);
    String note = requeue ? AttemptSpan.REQUEUE : attempts > 0 ? AttemptSpan.RETRY : null;
    attempts++;
    // The path as it goes out: an identifier may have consumed segments of it.
    return new AttemptSpan(tracer, attempt, local, method, exchange.path(), this.host, client,
        residual, host, port, note);
  }

  @Override
  public void end(int status) {
    if (ended) {
      return;
    }
    ended = true;
    Span.Builder span = start(context, Span.Kind.SERVER, local, startMicros,
        tracer.nanoTime.getAsLong() - startNanos)
        .name(service != null ? label + " " + service : method + " " + withoutQuery(uri));
    if (remote != null) {
      span.remoteEndpoint(endpoint(remote.hostAddress(), remote.port()));
    }
    http(span, method, uri, host, status, "reset");
    if (service != null) {
      span.putTag("service", service);
    }
    if (localDtab != null && !localDtab.isEmpty()) {
      span.putTag("dtab.local", localDtab);
    }
    tracer.report(span.build());
  }

  /** A span of {@code context}, started at {@code startMicros} and lasting {@code nanos}. */
  static Span.Builder start(TraceContext context, Span.Kind kind, Endpoint local,
      long startMicros, long nanos) {
    Span.Builder span = Span.newBuilder()
        .traceId(context.traceIdHigh(), context.traceId())
        .id(context.spanId())
        .kind(kind)
        .localEndpoint(local)
        .timestamp(startMicros)
        .duration(Math.max(1, nanos / 1_000));
    if (context.parentId() != 0) {
      span.parentId(context.parentId());
    }
    if (context.debug()) {
      span.debug(true);
    }
    return span;
  }

  /**
   * Linkerd's HTTP tags, and Zipkin's {@code error} for a 5xx, or {@code noStatus} when there was
   * no status (-1: the client's stream was reset, or the attempt got no response).
   */
  static void http(Span.Builder span, String method, String uri, String host, int status,
      String noStatus) {
    span.putTag("http.req.method", method);
    if (uri != null) {
      span.putTag("http.uri", uri);
    }
    if (host != null) {
      span.putTag("http.req.host", host);
    }
    if (status > 0) {
      span.putTag("http.rsp.status", Integer.toString(status));
    }
    if (status < 0) {
      span.putTag("error", noStatus);
    } else if (status >= 500) {
      span.putTag("error", Integer.toString(status));
    }
  }

  static Endpoint endpoint(String ip, int port) {
    Endpoint.Builder endpoint = Endpoint.newBuilder();
    if (ip != null) {
      endpoint.ip(ip);
    }
    return endpoint.port(port).build();
  }

  static String withoutQuery(String uri) {
    if (uri == null) {
      return "";
    }
    int query = uri.indexOf('?');
    return query < 0 ? uri : uri.substring(0, query);
  }
}

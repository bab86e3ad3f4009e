package io.hoplink.router.tracing;

import zipkin2.Endpoint;
import zipkin2.Span;

/**
 * One attempt's client span (kind CLIENT, the endpoint as its remote endpoint), named
 * {@code <METHOD> <path>} as Linkerd's HTTP TracingFilter names it, with Linkerd's
 * {@code client} and {@code residual} (the bound name), {@code l5d.success}, and an annotation
 * when the attempt is a retry ({@code finagle.retry}, as Linkerd's RetryFilter records it) or a
 * requeue ({@code hoplink.requeue}).
 */
final class AttemptSpan implements RequestTrace.AttemptTrace {
  static final String RETRY = "finagle.retry";
  static final String REQUEUE = "hoplink.requeue";

  private final SamplingTracer tracer;
  private final TraceContext context;
  private final Endpoint local;
  private final String method;
  private final String uri;
  private final String authority;
  private final String client;
  private final String residual;
  private final String host;
  private final int port;
  private final String note;
  private final long startMicros;
  private final long startNanos;
  private boolean ended;

  AttemptSpan(SamplingTracer tracer, TraceContext context, Endpoint local, String method,
      String uri, String authority, String client, String residual, String host, int port,
      String note) {
    this.tracer = tracer;
    this.context = context;
    this.local = local;
    this.method = method;
    this.uri = uri;
    this.authority = authority;
    this.client = client;
    this.residual = residual;
    this.host = host;
    this.port = port;
    this.note = note;
    this.startMicros = tracer.wallMicros.getAsLong();
    this.startNanos = tracer.nanoTime.getAsLong();
  }

  @Override
  public void end(int status, boolean success) {
    if (ended) {
      return;
    }
    ended = true;
    Span.Builder span = RecordedRequest.start(context, Span.Kind.CLIENT, local, startMicros,
        tracer.nanoTime.getAsLong() - startNanos)
        .name(method + " " + RecordedRequest.withoutQuery(uri))
        .remoteEndpoint(RecordedRequest.endpoint(host, port));
    RecordedRequest.http(span, method, uri, authority, status, "no response");
    span.putTag("client", client);
    if (residual != null && !residual.isEmpty() && !residual.equals("/")) {
      span.putTag("residual", residual);
    }
    span.putTag("l5d.success", success ? "1.0" : "0.0");
    if (note != null) {
      span.addAnnotation(startMicros, note);
    }
    tracer.report(span.build());
  }
}

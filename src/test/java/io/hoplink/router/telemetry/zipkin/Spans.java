package io.hoplink.router.telemetry.zipkin;

import zipkin2.Endpoint;
import zipkin2.Span;

/** Spans for the telemeter tests, as the tracer makes them. */
final class Spans {
  private Spans() {}

  static Span server(long id) {
    return Span.newBuilder().traceId(0, 0xabcL).id(id).kind(Span.Kind.SERVER)
        .name("outgoing /svc/hello").timestamp(1_700_000_000_000_000L).duration(1500)
        .localEndpoint(Endpoint.newBuilder().serviceName("outgoing").build())
        .remoteEndpoint(Endpoint.newBuilder().ip("10.1.2.3").port(40000).build())
        .putTag("service", "/svc/hello").putTag("http.rsp.status", "200").build();
  }

  static Span client(long id, long parent) {
    return Span.newBuilder().traceId(0, 0xabcL).id(id).parentId(parent).kind(Span.Kind.CLIENT)
        .name("get /").timestamp(1_700_000_000_000_100L).duration(900)
        .localEndpoint(Endpoint.newBuilder().serviceName("outgoing").build())
        .remoteEndpoint(Endpoint.newBuilder().ip("10.0.0.9").port(8080).build())
        .putTag("client", "/#/io.l5d.fs/hello").addAnnotation(1_700_000_000_000_100L,
            "finagle.retry").build();
  }
}

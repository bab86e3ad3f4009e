package io.hoplink.router.tracing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import zipkin2.Span;

/** A reporter that keeps what it is given, for assertions. */
public final class RecordingReporter implements SpanReporter {
  public final List<Span> spans = new CopyOnWriteArrayList<>();
  public boolean closed;

  @Override
  public void report(Span span) {
    spans.add(span);
  }

  @Override
  public void close() {
    closed = true;
  }

  /** The one span of {@code kind}; fails if there is not exactly one. */
  public Span only(Span.Kind kind) {
    List<Span> of = spans.stream().filter(s -> s.kind() == kind).toList();
    if (of.size() != 1) {
      throw new AssertionError("expected one " + kind + " span: " + spans);
    }
    return of.get(0);
  }
}

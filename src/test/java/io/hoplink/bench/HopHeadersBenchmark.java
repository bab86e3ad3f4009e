package io.hoplink.bench;

import io.hoplink.router.hop.HopHeaders;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpVersion;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * What the header rules of one hop cost a request and its response, on the headers of a
 * typical request through a router (curl's, a request id and a trace context from the hop
 * before) and of a typical response: the rules run on a fresh copy each time, as on a request.
 * Run with {@code src/test/bench/hop-jmh.sh} (adds -prof gc).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HopHeadersBenchmark {
  private final MultiMap request = MultiMap.caseInsensitiveMultiMap()
      .add("host", "hello.default.svc.cluster.local:8080")
      .add("user-agent", "curl/7.88.1")
      .add("accept", "*/*")
      .add("content-type", "application/json")
      .add("content-length", "42")
      .add("l5d-reqid", "6b1fd2f0c9b0a3e4")
      .add("l5d-ctx-trace", "AAAAAAAAAAEAAAAAAAAAAgAAAAAAAAADAAAAAAAAAAQ=")
      .add("via", "1.1 hoplink");
  private final MultiMap response = MultiMap.caseInsensitiveMultiMap()
      .add("server", "nginx/1.22.1")
      .add("date", "Sun, 06 Dec 2026 23:50:00 GMT")
      .add("content-type", "text/plain")
      .add("content-length", "13")
      .add("connection", "keep-alive");

  @Benchmark
  public MultiMap requestHop() {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(request);
    HopHeaders.takeLocalDtab(headers, false);
    HopHeaders.stripHopByHop(headers);
    HopHeaders.viaHops(headers);
    HopHeaders.appendVia(headers, HttpVersion.HTTP_1_1);
    return headers;
  }

  @Benchmark
  public MultiMap responseHop() {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(response);
    HopHeaders.stripHopByHop(headers);
    return headers;
  }

  @Benchmark
  public MultiMap copyOnly() {
    return MultiMap.caseInsensitiveMultiMap().addAll(request);
  }
}

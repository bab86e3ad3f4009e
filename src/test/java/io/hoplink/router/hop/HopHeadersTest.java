package io.hoplink.router.hop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpVersion;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HopHeadersTest {
  private static MultiMap headers(String... pairs) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < pairs.length; i += 2) {
      headers.add(pairs[i], pairs[i + 1]);
    }
    return headers;
  }

  @Test
  void hopByHopHeadersAndWhatConnectionNamesStayOnTheirHop() {
    MultiMap h = headers("Connection", "keep-alive, X-Hop, Host, Content-Length, TE",
        "X-Hop", "1", "Keep-Alive", "timeout=5", "Transfer-Encoding", "chunked",
        "Proxy-Authorization", "Basic x", "TE", "trailers, deflate;q=0.5", "Host", "web",
        "Content-Length", "3", "X-End", "kept");

    HopHeaders.stripHopByHop(h);

    assertEquals(Set.of("te", "host", "content-length", "x-end"), lower(h.names()));
    assertEquals("trailers", h.get("te"), "TE keeps only trailers");
  }

  @Test
  void http2AlsoLosesHostHttp2SettingsAndPseudoHeaders() {
    MultiMap h = headers(":authority", "web", "Host", "web", "HTTP2-Settings", "AAA",
        "Upgrade", "h2c", "TE", "gzip", "grpc-timeout", "1S");

    HopHeaders.stripForHttp2(h);

    assertEquals(Set.of("grpc-timeout"), lower(h.names()));
  }

  @Test
  void theLocalDtabJoinsContextThenUserEntriesAndClearContextDropsBoth() {
    MultiMap h = headers("l5d-ctx-dtab", "/a=>/b;", "l5d-dtab", " /c=>/d ;;", "l5d-ctx-trace", "t");
    assertEquals("/a=>/b;/c=>/d", HopHeaders.takeLocalDtab(h, false));
    assertEquals(Set.of("l5d-ctx-trace"), lower(h.names()));

    MultiMap cleared = headers("l5d-ctx-dtab", "/a=>/b", "l5d-dtab", "/c=>/d", "l5d-ctx-trace", "t");
    assertEquals("", HopHeaders.takeLocalDtab(cleared, true));
    assertEquals(Set.of(), lower(cleared.names()));
  }

  @Test
  void viaCountsEveryHopAndNamesTheVersionThisHopReceived() {
    MultiMap h = headers("Via", "1.1 a, 2 b", "Via", "1.0 c");
    assertEquals(3, HopHeaders.viaHops(h));

    HopHeaders.appendVia(h, HttpVersion.HTTP_2);

    assertEquals(List.of("1.1 a, 2 b, 1.0 c, 2 hoplink"), h.getAll("via"));
    assertEquals(1, HopHeaders.viaHops(headers("Via", " , ,1.1 a,,\t")), "blank entries count not");
    MultiMap none = headers("Host", "web");
    assertEquals(0, HopHeaders.viaHops(none));
    HopHeaders.appendVia(none, HttpVersion.HTTP_1_1);
    assertEquals(List.of("1.1 hoplink"), none.getAll("via"));
    assertEquals("1.0", HopHeaders.viaVersion(HttpVersion.HTTP_1_0));
    assertEquals("1.1", HopHeaders.viaVersion(HttpVersion.HTTP_1_1));
  }

  private static Set<String> lower(Set<String> names) {
    return names.stream().map(String::toLowerCase).collect(java.util.stream.Collectors.toSet());
  }
}

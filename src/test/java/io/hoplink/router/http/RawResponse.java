package io.hoplink.router.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A response as read off the wire by {@link RawClient}; header names lower-cased. */
record RawResponse(int status, String statusLine, List<Map.Entry<String, String>> headers,
    byte[] body, List<Map.Entry<String, String>> trailers) {

  String header(String name) {
    List<String> all = headers(name);
    return all.isEmpty() ? null : all.get(0);
  }

  List<String> headers(String name) {
    return values(headers, name);
  }

  String trailer(String name) {
    List<String> all = values(trailers, name);
    return all.isEmpty() ? null : all.get(0);
  }

  boolean chunked() {
    String te = header("transfer-encoding");
    return te != null && te.equalsIgnoreCase("chunked");
  }

  String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  RawResponse withBody(byte[] newBody, List<Map.Entry<String, String>> newTrailers) {
    return new RawResponse(status, statusLine, headers, newBody, newTrailers);
  }

  private static List<String> values(List<Map.Entry<String, String>> list, String name) {
    String key = name.toLowerCase(Locale.ROOT);
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, String> e : list) {
      if (e.getKey().equals(key)) {
        out.add(e.getValue());
      }
    }
    return out;
  }
}

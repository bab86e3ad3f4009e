package io.hoplink.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The hello app of the multi-node test: curl run inside a node's network namespace, sending
 * through that node's outgoing router as an app with {@code http_proxy=$(HOST_IP):4140} does,
 * or ({@link #h2}) HTTP/2 to its h2-outgoing router. One curl sends a batch of HTTP/1.1
 * requests one after another on a kept-alive connection; HTTP/2 requests take a curl each.
 */
final class HelloClient {
  private static final String MARK = "\n@@status ";

  /**
   * One answer: the HTTP status (0: no answer), the HTTP version curl used ({@code 1.1},
   * {@code 2}) and the {@code key=value} lines of its body.
   */
  record Reply(int status, String version, Map<String, String> fields, String body) {
    String field(String key) {
      return fields.getOrDefault(key, "");
    }

    String pod() {
      return field("pod");
    }
  }

  private final List<String> prefix;
  private final List<String> route;
  private final boolean perRequest;

  /** @param prefix runs a program inside the node, e.g. {@code ip netns exec <ns>} */
  HelloClient(List<String> prefix, String proxyHostPort) {
    this(prefix, List.of("-x", "http://" + proxyHostPort), false);
  }

  private HelloClient(List<String> prefix, List<String> route, boolean perRequest) {
    this.prefix = List.copyOf(prefix);
    this.route = route;
    this.perRequest = perRequest;
  }

  /**
   * HTTP/2 (h2c with prior knowledge) to {@code hostPort} whatever the URL's host, which stays
   * the request's {@code :authority}: an app sending to {@code $(HOST_IP):4240}.
   */
  static HelloClient h2(List<String> prefix, String hostPort) {
    return new HelloClient(prefix,
        List.of("--http2-prior-knowledge", "--connect-to", "::" + hostPort), true);
  }

  /** How many of {@code replies} with status 200 each pod answered. */
  static Map<String, Integer> servedBy(List<Reply> replies) {
    Map<String, Integer> out = new TreeMap<>();
    for (Reply reply : replies) {
      if (reply.status() == 200) {
        out.merge(reply.pod(), 1, Integer::sum);
      }
    }
    return out;
  }

  /** Sends {@code n} GETs of {@code url} and returns their answers in order. */
  List<Reply> get(String url, int n) throws IOException, InterruptedException {
    StringBuilder out = new StringBuilder();
    // curl 7.88 fails every request after the first on a reused prior-knowledge connection
    // ("Error in the HTTP2 framing layer", curl/curl#10634, fixed in 8.0): one curl per request.
    int batch = perRequest ? 1 : Math.max(n, 1);
    for (int first = 0; first < n; first += batch) {
      out.append(curl(url, first, Math.min(n, first + batch)));
    }
    List<Reply> replies = parse(out.toString());
    assertEquals(n, replies.size(), "answers to " + n + " requests:\n" + out);
    return replies;
  }

  private String curl(String url, int from, int to) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(prefix);
    command.addAll(List.of("curl", "-sS", "--max-time", "10"));
    command.addAll(route);
    command.addAll(List.of("-w", MARK + "%{http_code} %{http_version}\n"));
    for (int i = from; i < to; i++) {
      command.add(url + (url.contains("?") ? "&" : "?") + "n=" + i);
    }
    Process curl = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!curl.waitFor(30, TimeUnit.SECONDS)) {
      curl.destroyForcibly();
      fail("curl did not end: " + out);
    }
    return out;
  }

  private static List<Reply> parse(String out) {
    List<Reply> replies = new ArrayList<>();
    int start = 0;
    for (int mark; (mark = out.indexOf(MARK, start)) >= 0; ) {
      int end = out.indexOf('\n', mark + MARK.length());
      String[] statusVersion = out.substring(mark + MARK.length(), end).trim().split(" ");
      int status = Integer.parseInt(statusVersion[0]);
      String body = out.substring(start, mark);
      Map<String, String> fields = new LinkedHashMap<>();
      for (String line : body.split("\n")) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          fields.put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
      replies.add(new Reply(status, statusVersion[1], fields, body));
      start = end + 1;
    }
    return replies;
  }
}

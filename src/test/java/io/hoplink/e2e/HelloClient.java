package io.hoplink.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The hello app of the multi-node test: curl run inside a node's network namespace, sending
 * through that node's outgoing router as an app with {@code http_proxy=$(HOST_IP):4140} does.
 * One curl sends a batch of requests one after another on a kept-alive connection.
 */
final class HelloClient {
  private static final String MARK = "\n@@status ";

  /** One answer: the HTTP status (0: no answer) and the {@code key=value} lines of its body. */
  record Reply(int status, Map<String, String> fields, String body) {
    String field(String key) {
      return fields.getOrDefault(key, "");
    }

    String pod() {
      return field("pod");
    }
  }

  private final List<String> prefix;
  private final String proxy;

  /** @param prefix runs a program inside the node, e.g. {@code ip netns exec <ns>} */
  HelloClient(List<String> prefix, String proxyHostPort) {
    this.prefix = List.copyOf(prefix);
    this.proxy = "http://" + proxyHostPort;
  }

  /** Sends {@code n} GETs of {@code url} and returns their answers in order. */
  List<Reply> get(String url, int n) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(prefix);
    command.addAll(List.of("curl", "-sS", "--max-time", "10", "-x", proxy,
        "-w", MARK + "%{http_code}\n"));
    for (int i = 0; i < n; i++) {
      command.add(url + (url.contains("?") ? "&" : "?") + "n=" + i);
    }
    Process curl = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!curl.waitFor(30, TimeUnit.SECONDS)) {
      curl.destroyForcibly();
      fail("curl did not end: " + out);
    }
    List<Reply> replies = parse(out);
    assertEquals(n, replies.size(), "answers to " + n + " requests:\n" + out);
    return replies;
  }

  private static List<Reply> parse(String out) {
    List<Reply> replies = new ArrayList<>();
    int start = 0;
    for (int mark; (mark = out.indexOf(MARK, start)) >= 0; ) {
      int end = out.indexOf('\n', mark + MARK.length());
      int status = Integer.parseInt(out.substring(mark + MARK.length(), end).trim());
      String body = out.substring(start, mark);
      Map<String, String> fields = new LinkedHashMap<>();
      for (String line : body.split("\n")) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          fields.put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
      replies.add(new Reply(status, fields, body));
      start = end + 1;
    }
    return replies;
  }
}

package io.hoplink.router.accesslog;

import io.hoplink.router.forward.Exchange;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.SocketAddress;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * One request's line, in the format of Linkerd 1.x's access loggers:
 *
 * <pre>
 * host client-ip - - [time] "METHOD target VERSION" status length "referer" "user-agent"
 * hello 10.0.0.7 - - [06/01/2016:21:21:26 UTC] "GET /hello?x=1 HTTP/1.1" 200 12 "-" "curl/8.5.0"
 * </pre>
 *
 * An http router writes the time as Linkerd's http AccessLogger does ({@code dd/MM/yyyy:HH:mm:ss
 * z} in the process's time zone), an h2 router as its h2 AccessLogger ({@code dd/MM/yyyy:HH:mm:ss
 * Z} in UTC). Host is {@code Host} (HTTP/1.x) or {@code :authority} (HTTP/2); the version is
 * {@code HTTP/1.0}, {@code HTTP/1.1} or {@code HTTP/2}; status and length are {@code -} for a
 * reset, length is the response's Content-Length or {@code -}. Values from the request are
 * escaped ({@code \"}, {@code \\}, {@code \xHH} for control bytes and bytes above 0x7e, and in
 * the unquoted host a space as {@code \x20}), so a line is ASCII, and one line.
 */
final class AccessLine {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private record Stamp(long second, String text) {}

  private final DateTimeFormatter time;
  /** The formatted second of the last line: a second is formatted once, whatever the rate. */
  private volatile Stamp stamp = new Stamp(Long.MIN_VALUE, "");

  private AccessLine(String pattern, ZoneId zone) {
    this.time = DateTimeFormatter.ofPattern(pattern, Locale.US).withZone(zone);
  }

  /** As Linkerd's http router writes it, in {@code zone} (the process's). */
  static AccessLine http(ZoneId zone) {
    return new AccessLine("dd/MM/yyyy:HH:mm:ss z", zone);
  }

  /** As Linkerd's h2 router writes it: in UTC, with its offset. */
  static AccessLine h2() {
    return new AccessLine("dd/MM/yyyy:HH:mm:ss Z", ZoneOffset.UTC);
  }

  /** The line of {@code exchange}, which ended at {@code epochMillis}, without its newline. */
  String format(Exchange exchange, long epochMillis) {
    StringBuilder out = new StringBuilder(200);
    boolean http2 = exchange.version() == HttpVersion.HTTP_2;
    bare(out, exchange.headers().get(http2 ? Exchange.AUTHORITY : HttpHeaders.HOST));
    out.append(' ');
    SocketAddress remote = exchange.remoteAddress();
    bare(out, remote == null ? null : remote.hostAddress());
    out.append(" - - [").append(timestamp(epochMillis)).append("] \"")
        .append(exchange.method().name()).append(' ');
    quoted(out, exchange.receivedPath());
    out.append(' ').append(version(exchange.version())).append("\" ");
    int status = exchange.sentStatus();
    if (status < 0) {
      out.append('-');
    } else {
      out.append(status);
    }
    out.append(' ');
    long length = exchange.sentLength();
    if (length < 0) {
      out.append('-');
    } else {
      out.append(length);
    }
    out.append(" \"");
    quotedOrDash(out, exchange.headers().get(HttpHeaders.REFERER));
    out.append("\" \"");
    quotedOrDash(out, exchange.headers().get(HttpHeaders.USER_AGENT));
    return out.append('"').toString();
  }

  private String timestamp(long epochMillis) {
    long second = Math.floorDiv(epochMillis, 1000);
    Stamp last = stamp;
    if (last.second() != second) {
      last = new Stamp(second, time.format(Instant.ofEpochSecond(second)));
      stamp = last;
    }
    return last.text();
  }

  private static String version(HttpVersion version) {
    if (version == HttpVersion.HTTP_2) {
      return "HTTP/2";
    }
    return version == HttpVersion.HTTP_1_0 ? "HTTP/1.0" : "HTTP/1.1";
  }

  /** An unquoted field: {@code -} when absent or empty, no spaces. */
  private static void bare(StringBuilder out, String value) {
    if (value == null || value.isEmpty()) {
      out.append('-');
      return;
    }
    escaped(out, value, true);
  }

  private static void quotedOrDash(StringBuilder out, String value) {
    if (value == null) {
      out.append('-'); // Linkerd: absent is "-", present but empty is ""
    } else {
      escaped(out, value, false);
    }
  }

  private static void quoted(StringBuilder out, String value) {
    escaped(out, value == null ? "" : value, false);
  }

  private static void escaped(StringBuilder out, String value, boolean bare) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c > 0x20 && c < 0x7f || c == ' ' && !bare) {
        out.append(c);
      } else if (c <= 0xff) {
        out.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xf]);
      } else {
        out.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xf])
            .append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
      }
    }
  }
}

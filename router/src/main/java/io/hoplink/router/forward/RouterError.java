package io.hoplink.router.forward;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** How the router words its own errors: {@code l5d-err} header and text body. */
public final class RouterError {
  public static final String CONTENT_TYPE = "text/plain; charset=utf-8";
  private static final int MAX_CHARS = 1024;

  private RouterError() {}

  /** One line, control characters blanked, bounded. */
  public static String singleLine(String message) {
    String text = message == null ? "error" : message;
    StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_CHARS));
    for (int i = 0; i < text.length() && out.length() < MAX_CHARS; i++) {
      char c = text.charAt(i);
      out.append(Character.isISOControl(c) ? ' ' : c);
    }
    return out.toString().trim();
  }

  /** The {@code l5d-err} value: URL-encoded, as Linkerd 1.x sends it. */
  public static String headerValue(String message) {
    return URLEncoder.encode(singleLine(message), StandardCharsets.UTF_8);
  }

  public static String body(String message) {
    return singleLine(message) + "\n";
  }
}

package io.hoplink.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** Writes raw bytes to a server and reads whatever comes back until the server closes. */
final class RawHttp {
  private RawHttp() {}

  /** The response bytes as text; "" when the server closed without answering. */
  static String exchange(int port, String request) throws IOException {
    return exchange(port, request, java.time.Duration.ofSeconds(10));
  }

  /** As {@link #exchange(int, String)}, waiting up to {@code timeout} for each read. */
  static String exchange(int port, String request, java.time.Duration timeout)
      throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout((int) timeout.toMillis());
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      try {
        for (int n; (n = in.read(buffer)) > 0; ) {
          out.write(buffer, 0, n);
        }
      } catch (SocketTimeoutException e) {
        throw new AssertionError("the connection was left open after: "
            + out.toString(StandardCharsets.ISO_8859_1), e);
      }
      return out.toString(StandardCharsets.ISO_8859_1);
    }
  }

  /** The status code of the first response line. */
  static int status(String response) {
    if (!response.startsWith("HTTP/1.")) {
      throw new AssertionError("not an HTTP response: '" + response + "'");
    }
    return Integer.parseInt(response.substring(9, 12));
  }
}

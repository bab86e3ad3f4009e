package io.hoplink.router.accesslog;

import java.io.IOException;
import java.io.PrintStream;

/**
 * Lines to the process's stdout or stderr. Each write to the stream holds whole lines, so the
 * process's own log lines on stderr (which pass through the same PrintStream) never cut into one.
 */
final class StreamSink implements LineSink {
  private final PrintStream out;
  private final byte[] buffer = new byte[16 * 1024];
  private int buffered;

  StreamSink(PrintStream out) {
    this.out = out;
  }

  @Override
  public void write(String line) {
    int length = line.length() + 1;
    if (buffered + length > buffer.length) {
      flush();
    }
    if (length > buffer.length) {
      out.write((line + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, length);
      return;
    }
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      buffer[buffered++] = c < 0x80 ? (byte) c : (byte) '?';
    }
    buffer[buffered++] = '\n';
  }

  @Override
  public void flush() {
    if (buffered > 0) {
      out.write(buffer, 0, buffered);
      out.flush();
      buffered = 0;
    }
  }

  @Override
  public void reopen() {
    flush();
  }

  @Override
  public void close() throws IOException {
    flush();
    if (out.checkError()) {
      throw new IOException("writing to the stream failed");
    }
  }
}

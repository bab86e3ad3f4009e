package io.hoplink.router.accesslog;

import java.io.IOException;

/** Where an access log's writer thread puts its lines: a rolling file, or stdout or stderr. */
interface LineSink {
  /** Adds one line (ASCII, without its newline) to what is buffered. */
  void write(String line) throws IOException;

  /** Writes out what is buffered. */
  void flush() throws IOException;

  /** Flushes, then opens the file again (logrotate moved it away); a stream stays as it is. */
  void reopen() throws IOException;

  /** Flushes and closes; a stream is flushed, not closed. */
  void close() throws IOException;
}

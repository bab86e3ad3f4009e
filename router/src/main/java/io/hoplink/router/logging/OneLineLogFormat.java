package io.hoplink.router.logging;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/** Logs go to stderr, one line per event: time, level, logger, message (and a cause's summary). */
final class OneLineLogFormat extends Formatter {
  @Override
  public String format(LogRecord record) {
    StringBuilder out = new StringBuilder(160);
    out.append(Instant.ofEpochMilli(record.getMillis())).append(' ')
        .append(levelName(record.getLevel())).append(' ')
        .append(shortName(record.getLoggerName())).append(": ")
        .append(formatMessage(record).replace('\n', ' '));
    Throwable thrown = record.getThrown();
    if (thrown != null) {
      out.append(" (").append(thrown).append(')');
      if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
        StringWriter trace = new StringWriter();
        thrown.printStackTrace(new PrintWriter(trace));
        out.append(" | ").append(trace.toString().replace('\n', ' ').replace('\t', ' '));
      }
    }
    return out.append(System.lineSeparator()).toString();
  }

  static String levelName(Level level) {
    if (level.intValue() >= Level.SEVERE.intValue()) {
      return "ERROR";
    }
    if (level.intValue() >= Level.WARNING.intValue()) {
      return "WARN";
    }
    if (level.intValue() >= Level.INFO.intValue()) {
      return "INFO";
    }
    return level.intValue() >= Level.FINE.intValue() ? "DEBUG" : "TRACE";
  }

  private static String shortName(String name) {
    if (name == null) {
      return "-";
    }
    int dot = name.lastIndexOf('.');
    return dot < 0 ? name : name.substring(dot + 1);
  }
}

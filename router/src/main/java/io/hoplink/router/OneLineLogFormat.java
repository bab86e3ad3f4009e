package io.hoplink.router;

import io.netty.util.internal.logging.InternalLoggerFactory;
import io.netty.util.internal.logging.JdkLoggerFactory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Logs go to stderr, one line per event: time, level, logger, message (and a cause's summary). */
final class OneLineLogFormat extends Formatter {
  /**
   * fabric8's informers log every failed list or watch; the namer reports each failure once,
   * with the API's address and what still serves. Held here: java.util.logging keeps loggers
   * weakly, and a collected one would lose its level.
   */
  private static final Logger REFLECTOR =
      Logger.getLogger("io.fabric8.kubernetes.client.informers.impl.cache.Reflector");

  static void install(Level level) {
    LogManager.getLogManager().reset();
    Logger root = Logger.getLogger("");
    ConsoleHandler handler = new ConsoleHandler();
    handler.setFormatter(new OneLineLogFormat());
    handler.setLevel(level);
    root.addHandler(handler);
    root.setLevel(level);
    // Netty is chatty at FINE and below; its warnings still show.
    Logger.getLogger("io.netty").setLevel(Level.INFO);
    REFLECTOR.setLevel(Level.SEVERE);
    // Straight to java.util.logging: with an SLF4J binding on the class path (for fabric8),
    // Netty would otherwise take the longer way through SLF4J.
    InternalLoggerFactory.setDefaultFactory(JdkLoggerFactory.INSTANCE);
  }

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

  private static String levelName(Level level) {
    if (level.intValue() >= Level.SEVERE.intValue()) {
      return "ERROR";
    }
    if (level.intValue() >= Level.WARNING.intValue()) {
      return "WARN";
    }
    if (level.intValue() >= Level.INFO.intValue()) {
      return "INFO";
    }
    return "DEBUG";
  }

  private static String shortName(String name) {
    if (name == null) {
      return "-";
    }
    int dot = name.lastIndexOf('.');
    return dot < 0 ? name : name.substring(dot + 1);
  }
}

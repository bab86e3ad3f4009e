package io.hoplink.router.logging;

import static java.util.Objects.requireNonNull;

import io.netty.util.internal.logging.InternalLoggerFactory;
import io.netty.util.internal.logging.JdkLoggerFactory;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * The process's log on stderr, set by two system properties read at start:
 * {@code -Dhoplink.log.level} (DEBUG, INFO (the default), WARN, ERROR, or a java.util.logging
 * level: FINE, WARNING, SEVERE, ...) and {@code -Dhoplink.log.format} ({@code text}, the default:
 * one line per event; {@code json}: one JSON object per line).
 *
 * @param level what is logged: this level and above
 * @param json one JSON object per line instead of a line of text
 */
public record ProcessLog(Level level, boolean json) {
  public static final String LEVEL_PROPERTY = "hoplink.log.level";
  public static final String FORMAT_PROPERTY = "hoplink.log.format";
  private static final Map<String, Level> ALIASES = Map.of("TRACE", Level.FINEST, "DEBUG",
      Level.FINE, "WARN", Level.WARNING, "ERROR", Level.SEVERE);
  private static final String LEVELS = "TRACE, DEBUG, INFO, WARN, ERROR, OFF, ALL or a"
      + " java.util.logging level (FINEST, FINER, FINE, CONFIG, WARNING, SEVERE)";

  /**
   * fabric8's informers log every failed list or watch; the namer reports each failure once,
   * with the API's address and what still serves. Held here: java.util.logging keeps loggers
   * weakly, and a collected one would lose its level.
   */
  private static final Logger REFLECTOR =
      Logger.getLogger("io.fabric8.kubernetes.client.informers.impl.cache.Reflector");

  public ProcessLog {
    requireNonNull(level, "level");
  }

  /** INFO, as text. */
  public static ProcessLog defaults() {
    return new ProcessLog(Level.INFO, false);
  }

  /**
   * Reads the two properties from {@code properties} (System::getProperty); an unknown level or
   * format is an IllegalArgumentException that names the property and what it expects.
   */
  public static ProcessLog read(UnaryOperator<String> properties) {
    String levelText = properties.apply(LEVEL_PROPERTY);
    String formatText = properties.apply(FORMAT_PROPERTY);
    Level level = levelText == null || levelText.isBlank() ? Level.INFO : level(levelText.strip());
    boolean json = false;
    if (formatText != null && !formatText.isBlank()) {
      switch (formatText.strip().toLowerCase(Locale.ROOT)) {
        case "json" -> json = true;
        case "text" -> json = false;
        default -> throw new IllegalArgumentException("-D" + FORMAT_PROPERTY + "=" + formatText
            + ": not a log format (expected: text or json)");
      }
    }
    return new ProcessLog(level, json);
  }

  private static Level level(String text) {
    String name = text.toUpperCase(Locale.ROOT);
    Level alias = ALIASES.get(name);
    if (alias != null) {
      return alias;
    }
    try {
      return Level.parse(name);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("-D" + LEVEL_PROPERTY + "=" + text
          + ": not a log level (expected: " + LEVELS + ")");
    }
  }

  /** Replaces java.util.logging's handlers with one on stderr in this level and format. */
  public void install() {
    LogManager.getLogManager().reset();
    Logger root = Logger.getLogger("");
    ConsoleHandler handler = new ConsoleHandler();
    handler.setFormatter(formatter());
    handler.setLevel(level);
    root.addHandler(handler);
    root.setLevel(level);
    // Netty is chatty at FINE and below; its warnings still show.
    Logger.getLogger("io.netty").setLevel(level.intValue() < Level.INFO.intValue()
        ? Level.INFO : level);
    REFLECTOR.setLevel(Level.SEVERE);
    // Straight to java.util.logging: with an SLF4J binding on the class path (for fabric8),
    // Netty would otherwise take the longer way through SLF4J.
    InternalLoggerFactory.setDefaultFactory(JdkLoggerFactory.INSTANCE);
  }

  /** The formatter of this format. */
  public Formatter formatter() {
    return json ? new JsonLogFormat() : new OneLineLogFormat();
  }
}

package io.hoplink.router.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/** The log flags, and the JSON format: one object per line that parses. */
class ProcessLogTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static ProcessLog read(Map<String, String> properties) {
    return ProcessLog.read(properties::get);
  }

  @Test
  void levelsAndFormatsAreReadFromTheProperties() {
    assertEquals(ProcessLog.defaults(), read(Map.of()));
    assertEquals(new ProcessLog(Level.FINE, true),
        read(Map.of("hoplink.log.level", "debug", "hoplink.log.format", "JSON")));
    assertEquals(Level.FINE, read(Map.of("hoplink.log.level", "FINE")).level());
    assertEquals(Level.WARNING, read(Map.of("hoplink.log.level", "WARN")).level());
    assertEquals(Level.WARNING, read(Map.of("hoplink.log.level", "WARNING")).level());
    assertEquals(Level.SEVERE, read(Map.of("hoplink.log.level", "error")).level());
    assertFalse(read(Map.of("hoplink.log.format", "text")).json());
  }

  @Test
  void aBadFlagNamesThePropertyAndWhatItExpects() {
    IllegalArgumentException level = assertThrows(IllegalArgumentException.class,
        () -> read(Map.of("hoplink.log.level", "LOUD")));
    assertTrue(level.getMessage().startsWith("-Dhoplink.log.level=LOUD: not a log level (expected:"
        + " TRACE, DEBUG, INFO, WARN, ERROR"), level.getMessage());
    IllegalArgumentException format = assertThrows(IllegalArgumentException.class,
        () -> read(Map.of("hoplink.log.format", "xml")));
    assertEquals("-Dhoplink.log.format=xml: not a log format (expected: text or json)",
        format.getMessage());
  }

  @Test
  void jsonLinesHoldTimeLevelLoggerMessageAndTheCause() throws IOException {
    LogRecord record = new LogRecord(Level.WARNING, "upstream error: \"quoted\"\nsecond line");
    record.setLoggerName("hoplink.events");
    record.setMillis(1_700_000_000_123L);
    record.setThrown(new IllegalStateException("boom"));
    String line = new JsonLogFormat().format(record);
    assertTrue(line.endsWith(System.lineSeparator()));
    assertEquals(1, line.strip().lines().count(), "one line: " + line);
    JsonNode json = JSON.readTree(line);
    assertEquals("2023-11-14T22:13:20.123Z", json.get("time").asText());
    assertEquals("WARN", json.get("level").asText());
    assertEquals("hoplink.events", json.get("logger").asText());
    assertEquals("upstream error: \"quoted\"\nsecond line", json.get("message").asText());
    assertEquals("java.lang.IllegalStateException: boom", json.get("thrown").asText());
    assertNull(json.get("stackTrace"), "a trace only at ERROR");

    LogRecord severe = new LogRecord(Level.SEVERE, "could not start: {0}");
    severe.setParameters(new Object[] {"address in use"});
    severe.setThrown(new IllegalStateException("bind"));
    JsonNode error = JSON.readTree(new JsonLogFormat().format(severe));
    assertEquals("ERROR", error.get("level").asText());
    assertEquals("could not start: address in use", error.get("message").asText());
    assertTrue(error.get("stackTrace").asText().contains("ProcessLogTest"), error.toString());
    JsonNode plain = JSON.readTree(new JsonLogFormat().format(new LogRecord(Level.INFO, "x")));
    assertEquals("INFO", plain.get("level").asText());
    assertEquals("", plain.get("logger").asText());
    assertNull(plain.get("thrown"));
  }
}

package io.hoplink.router.logging;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * One JSON object per line, written with Jackson: {@code time} (ISO-8601, milliseconds, UTC),
 * {@code level} (as the text format names it), {@code logger}, {@code message}, and when there is
 * a cause {@code thrown} (its class and message) and, at ERROR, {@code stackTrace}.
 *
 * <pre>
 * {"time":"2026-12-01T10:00:00.123Z","level":"INFO","logger":"hoplink","message":"outgoing listening on 0.0.0.0:4140"}
 * </pre>
 */
final class JsonLogFormat extends Formatter {
  private static final JsonFactory JSON = new JsonFactory();

  @Override
  public String format(LogRecord record) {
    StringWriter out = new StringWriter(200);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("time", Instant.ofEpochMilli(record.getMillis()).toString());
      json.writeStringField("level", OneLineLogFormat.levelName(record.getLevel()));
      json.writeStringField("logger", record.getLoggerName() == null ? "" : record.getLoggerName());
      json.writeStringField("message", formatMessage(record));
      Throwable thrown = record.getThrown();
      if (thrown != null) {
        json.writeStringField("thrown", thrown.toString());
        if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
          StringWriter trace = new StringWriter();
          thrown.printStackTrace(new PrintWriter(trace));
          json.writeStringField("stackTrace", trace.toString());
        }
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    return out.append(System.lineSeparator()).toString();
  }
}

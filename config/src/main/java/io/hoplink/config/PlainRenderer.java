package io.hoplink.config;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Turns parsed config values back into plain values (String, Boolean, Number, List, Map). */
final class PlainRenderer {
  private PlainRenderer() {}

  /** A record's components by name, with {@code kind} first when it has one. */
  static Map<String, Object> renderRecord(Object config) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (config instanceof PluginConfig plugin) {
      out.put("kind", plugin.kind());
    }
    if (!config.getClass().isRecord()) {
      return out;
    }
    for (RecordComponent component : config.getClass().getRecordComponents()) {
      String key = component.getName();
      if (key.equals("kind")) {
        continue;
      }
      Object value = read(component.getAccessor(), config);
      if (value instanceof Duration || value instanceof Optional<?> o && o.orElse(null) instanceof Duration) {
        key = key.endsWith("Ms") || key.endsWith("Secs") ? key : key + "Ms";
      }
      put(out, key, key.endsWith("Secs") ? seconds(value) : value);
    }
    return out;
  }

  /** Puts the plain form of {@code value} under {@code key}, leaving out absent values. */
  static void put(Map<String, Object> out, String key, Object value) {
    Object plain = plain(value);
    if (plain != null) {
      out.put(key, plain);
    }
  }

  static Object plain(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof Optional<?> optional) {
      return plain(optional.orElse(null));
    }
    if (value instanceof PlainRenderable renderable) {
      return renderable.toPlain();
    }
    if (value instanceof Located<?> located) {
      return plain(located.value());
    }
    if (value instanceof Duration duration) {
      return duration.toMillis();
    }
    if (value instanceof Protocol protocol) {
      return protocol.linkerdName();
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), plain(v)));
      return out;
    }
    if (value instanceof Collection<?> collection) {
      List<Object> out = new ArrayList<>();
      collection.forEach(v -> out.add(plain(v)));
      return out;
    }
    if (value instanceof Number || value instanceof Boolean || value instanceof String) {
      return value;
    }
    if (value.getClass().isRecord()) {
      return renderRecord(value);
    }
    return value.toString();
  }

  private static Object seconds(Object value) {
    Object inner = value instanceof Optional<?> o ? o.orElse(null) : value;
    return inner instanceof Duration d ? d.toSeconds() : value;
  }

  private static Object read(Method accessor, Object target) {
    try {
      accessor.setAccessible(true);
      return accessor.invoke(target);
    } catch (IllegalAccessException | InvocationTargetException | RuntimeException e) {
      throw new IllegalStateException("cannot render " + accessor, e);
    }
  }
}

package io.hoplink.router.admin;

import java.lang.reflect.Array;
import java.lang.reflect.RecordComponent;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * Writes plain data as JSON: maps, lists and arrays, strings, numbers, booleans, null, and, for
 * parsed config, records (by component), enums (by name), optionals and anything else by
 * {@code toString()}. Non-finite numbers become null, which JSON has no other word for.
 */
final class JsonText {
  private static final int MAX_DEPTH = 64;

  private JsonText() {}

  static String of(Object value, boolean pretty) {
    StringBuilder out = new StringBuilder(256);
    write(value, out, pretty);
    return out.toString();
  }

  static void write(Object value, StringBuilder out, boolean pretty) {
    new Writer(out, pretty).value(value, 0);
    if (pretty) {
      out.append('\n');
    }
  }

  /** Appends {@code s} as a quoted JSON string. */
  static void string(CharSequence s, StringBuilder out) {
    out.append('"');
    int plain = 0;
    while (plain < s.length() && !escaped(s.charAt(plain))) {
      plain++;
    }
    // Names seldom need escapes: such a string is copied at once, not a char at a time.
    if (plain == s.length()) {
      out.append(s).append('"');
      return;
    }
    out.append(s, 0, plain);
    for (int i = plain; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private static boolean escaped(char c) {
    return c < 0x20 || c == '"' || c == '\\';
  }

  /** Appends a number; NaN and infinities as null. */
  static void number(Number n, StringBuilder out) {
    if ((n instanceof Double || n instanceof Float) && !Double.isFinite(n.doubleValue())) {
      out.append("null");
    } else {
      out.append(n);
    }
  }

  private record Writer(StringBuilder out, boolean pretty) {
    void value(Object v, int depth) {
      if (depth > MAX_DEPTH) {
        string("...", out);
      } else if (v == null) {
        out.append("null");
      } else if (v instanceof CharSequence s) {
        string(s, out);
      } else if (v instanceof Number n) {
        number(n, out);
      } else if (v instanceof Boolean b) {
        out.append(b);
      } else if (v instanceof Optional<?> o) {
        value(o.orElse(null), depth);
      } else if (v instanceof Map<?, ?> map) {
        object(map.entrySet().iterator(), depth);
      } else if (v instanceof Iterable<?> list) {
        array(list.iterator(), depth);
      } else if (v.getClass().isArray()) {
        array(new ArrayIterator(v), depth);
      } else if (v instanceof Record r) {
        object(recordEntries(r).entrySet().iterator(), depth);
      } else if (v instanceof Enum<?> e) {
        string(e.name(), out);
      } else {
        string(v.toString(), out);
      }
    }

    private void object(Iterator<? extends Map.Entry<?, ?>> entries, int depth) {
      out.append('{');
      boolean first = true;
      while (entries.hasNext()) {
        Map.Entry<?, ?> e = entries.next();
        separator(first, depth + 1);
        first = false;
        string(String.valueOf(e.getKey()), out);
        out.append(pretty ? ": " : ":");
        value(e.getValue(), depth + 1);
      }
      close(first, depth, '}');
    }

    private void array(Iterator<?> elements, int depth) {
      out.append('[');
      boolean first = true;
      while (elements.hasNext()) {
        separator(first, depth + 1);
        first = false;
        value(elements.next(), depth + 1);
      }
      close(first, depth, ']');
    }

    private void separator(boolean first, int depth) {
      if (!first) {
        out.append(',');
      }
      indent(depth);
    }

    private void close(boolean empty, int depth, char bracket) {
      if (!empty) {
        indent(depth);
      }
      out.append(bracket);
    }

    private void indent(int depth) {
      if (pretty) {
        out.append('\n').append("  ".repeat(depth));
      }
    }
  }

  private static Map<String, Object> recordEntries(Record r) {
    Map<String, Object> out = new java.util.LinkedHashMap<>();
    for (RecordComponent c : r.getClass().getRecordComponents()) {
      try {
        c.getAccessor().setAccessible(true);
        out.put(c.getName(), c.getAccessor().invoke(r));
      } catch (ReflectiveOperationException | RuntimeException e) {
        out.put(c.getName(), "<" + e.getClass().getSimpleName() + ">");
      }
    }
    return out;
  }

  private static final class ArrayIterator implements Iterator<Object> {
    private final Object array;
    private int next;

    ArrayIterator(Object array) {
      this.array = array;
    }

    @Override
    public boolean hasNext() {
      return next < Array.getLength(array);
    }

    @Override
    public Object next() {
      return Array.get(array, next++);
    }
  }
}

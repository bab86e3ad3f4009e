package io.hoplink.router.admin;

import com.codahale.metrics.Metric;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Writes metrics.json's {@code tree=1} document metric by metric, without building the tree: the
 * names are put in segment order ({@link #SEGMENT_ORDER}: a name before the names under it,
 * siblings by name), so each metric closes the objects it is not under and opens those it is. A node's own fields wait on
 * its level until a child that sorts after them is written, which gives the order a sorted map
 * of the whole tree would; a child named as one of its parent's fields is left out, as the map
 * kept the field that came first.
 */
final class MetricsTree {
  /**
   * Names by segment: as {@link String#compareTo}, but with {@code /} before every other char,
   * so that {@code a/y} comes before {@code a-b/x} as the segment {@code a} before {@code a-b}.
   */
  static final Comparator<String> SEGMENT_ORDER = (a, b) -> {
    int shorter = Math.min(a.length(), b.length());
    for (int i = 0; i < shorter; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y) {
        return x == '/' ? -1 : y == '/' ? 1 : Character.compare(x, y);
      }
    }
    return Integer.compare(a.length(), b.length());
  };

  /**
   * An open object: its key, whether it has a member yet, its own fields not written yet, and
   * the child left out for having a field's name.
   */
  private static final class Level {
    final String key;
    boolean empty = true;
    List<Map.Entry<String, Number>> own = List.of();
    int nextOwn;
    String leftOut;

    Level(String key) {
      this.key = key;
    }
  }

  private final boolean pretty;
  private final StringBuilder out;
  private final Deque<Level> open = new ArrayDeque<>();

  private MetricsTree(boolean pretty, StringBuilder out) {
    this.pretty = pretty;
    this.out = out;
  }

  /**
   * Writes {@code metrics} (name, metric) nested; {@code part} gets the text after each. Only the
   * metric being written is split into segments: the page's garbage stays small and short-lived.
   */
  static void write(List<Map.Entry<String, Metric>> metrics, boolean pretty, StringBuilder out,
      Consumer<StringBuilder> part) {
    List<Map.Entry<String, Metric>> sorted = new ArrayList<>(metrics);
    sorted.sort(Map.Entry.comparingByKey(SEGMENT_ORDER));
    MetricsTree tree = new MetricsTree(pretty, out);
    out.append('{');
    tree.open.push(new Level(null));
    for (Map.Entry<String, Metric> e : sorted) {
      tree.add(e.getKey().split("/"), e.getValue());
      part.accept(out);
    }
    while (!tree.open.isEmpty()) {
      tree.close();
    }
    if (pretty) {
      out.append('\n');
    }
  }

  private void add(String[] segments, Metric metric) {
    int common = 0;
    Iterator<Level> outward = open.descendingIterator();
    outward.next(); // the root
    while (outward.hasNext() && common < segments.length
        && outward.next().key.equals(segments[common])) {
      common++;
    }
    while (open.size() > common + 1) {
      close();
    }
    for (int i = common; i < segments.length; i++) {
      if (!member(segments[i])) {
        return; // named as its parent's field
      }
      out.append('{');
      open.push(new Level(segments[i]));
    }
    Level node = open.peek();
    List<Map.Entry<String, Number>> own = new ArrayList<>();
    MetricsJson.fields(MetricsJson.kindOf(metric), metric, (k, v) -> own.add(Map.entry(k, v)));
    own.sort(Map.Entry.comparingByKey());
    node.own = own;
  }

  /**
   * Starts the member {@code key} of the innermost object, after its own fields that sort
   * first; false if one of them has that key (it is written, and the child is not).
   */
  private boolean member(String key) {
    Level level = open.peek();
    if (key.equals(level.leftOut)) {
      return false;
    }
    while (level.nextOwn < level.own.size()) {
      Map.Entry<String, Number> field = level.own.get(level.nextOwn);
      int order = field.getKey().compareTo(key);
      if (order > 0) {
        break;
      }
      level.nextOwn++;
      field(level, field);
      if (order == 0) {
        level.leftOut = key;
        return false;
      }
    }
    separator(level);
    JsonText.string(key, out);
    out.append(pretty ? ": " : ":");
    return true;
  }

  private void field(Level level, Map.Entry<String, Number> field) {
    separator(level);
    JsonText.string(field.getKey(), out);
    out.append(pretty ? ": " : ":");
    JsonText.number(field.getValue(), out);
  }

  private void separator(Level level) {
    if (!level.empty) {
      out.append(',');
    }
    level.empty = false;
    indent(open.size());
  }

  /** Writes the innermost object's remaining fields and closes it. */
  private void close() {
    Level level = open.peek();
    while (level.nextOwn < level.own.size()) {
      field(level, level.own.get(level.nextOwn++));
    }
    open.pop();
    if (!level.empty) {
      indent(open.size());
    }
    out.append('}');
  }

  private void indent(int depth) {
    if (pretty) {
      out.append('\n');
      char[] spaces = new char[depth * 2];
      Arrays.fill(spaces, ' ');
      out.append(spaces);
    }
  }
}

package io.hoplink.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Turns a YAML node into plain Java values, resolving scalars by their YAML tag. */
final class PlainValues {
  private PlainValues() {}

  static Object of(Node node) {
    if (node instanceof MappingNode map) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (NodeTuple tuple : map.getValue()) {
        out.put(String.valueOf(of(tuple.getKeyNode())), of(tuple.getValueNode()));
      }
      return out;
    }
    if (node instanceof SequenceNode seq) {
      List<Object> out = new ArrayList<>();
      for (Node element : seq.getValue()) {
        out.add(of(element));
      }
      return out;
    }
    ScalarNode scalar = (ScalarNode) node;
    Tag tag = scalar.getTag();
    String value = scalar.getValue();
    if (tag.equals(Tag.NULL)) {
      return null;
    }
    if (tag.equals(Tag.BOOL)) {
      return Boolean.parseBoolean(value.toLowerCase());
    }
    if (tag.equals(Tag.INT)) {
      try {
        return Long.parseLong(value.replace("_", ""));
      } catch (NumberFormatException e) {
        return value;
      }
    }
    if (tag.equals(Tag.FLOAT)) {
      try {
        return Double.parseDouble(value);
      } catch (NumberFormatException e) {
        return value;
      }
    }
    return value;
  }

  /** A deeply unmodifiable copy of a plain value; maps keep their order and may hold nulls. */
  static Object frozen(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), frozen(v)));
      return java.util.Collections.unmodifiableMap(out);
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      list.forEach(v -> out.add(frozen(v)));
      return java.util.Collections.unmodifiableList(out);
    }
    return value;
  }

  /** A map of alternating keys and values, in that order. */
  static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      out.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return out;
  }

  /** The inverse of {@link #of}: a YAML node for a plain value, placed at {@code mark}. */
  static Node toNode(Object value, Mark mark) {
    if (value instanceof Map<?, ?> map) {
      List<NodeTuple> tuples = new ArrayList<>();
      map.forEach((k, v) -> tuples.add(new NodeTuple(toNode(String.valueOf(k), mark), toNode(v, mark))));
      return new MappingNode(Tag.MAP, true, tuples, mark, mark, DumperOptions.FlowStyle.BLOCK);
    }
    if (value instanceof List<?> list) {
      List<Node> nodes = new ArrayList<>();
      list.forEach(v -> nodes.add(toNode(v, mark)));
      return new SequenceNode(Tag.SEQ, true, nodes, mark, mark, DumperOptions.FlowStyle.BLOCK);
    }
    Tag tag = value == null ? Tag.NULL
        : value instanceof Boolean ? Tag.BOOL
        : value instanceof Double || value instanceof Float ? Tag.FLOAT
        : value instanceof Number ? Tag.INT
        : Tag.STR;
    String text = value == null ? "null" : String.valueOf(value);
    return new ScalarNode(tag, true, text, mark, mark, DumperOptions.ScalarStyle.PLAIN);
  }
}

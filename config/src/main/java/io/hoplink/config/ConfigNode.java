package io.hoplink.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * One node of a loaded YAML document that knows where it is: its path from the root
 * ({@code routers[0].client.loadBalancer}), the plugin kind it sits under, and its line:column.
 * Every accessor fails with a {@link ConfigException} that carries all three.
 */
public final class ConfigNode {
  private final Node node;
  private final String path;
  private final String kind;
  private final Document doc;

  /**
   * What every node of one document shares: its warnings so far, whether it is read away from
   * the pod (see {@link #awayFromPod()}), its text, or null when unknown, and the files the
   * process writes itself before its servers start (see {@link #madeAtStart}).
   */
  private record Document(List<String> warnings, boolean awayFromPod, String text,
      Set<java.nio.file.Path> madeAtStart) {}

  ConfigNode(Node node, String path, String kind, List<String> warnings) {
    this(node, path, kind, new Document(warnings, false, null, new HashSet<>()));
  }

  /** The root of a document read from {@code text}. */
  ConfigNode(Node node, String text) {
    this(node, "", null, new Document(new ArrayList<>(), false, text, new HashSet<>()));
  }

  private ConfigNode(Node node, String path, String kind, Document doc) {
    this.node = requireNonNull(node, "node");
    this.path = requireNonNull(path, "path");
    this.kind = kind;
    this.doc = doc;
  }

  /**
   * This document as {@code check} reads it, away from the pod: what only the pod supplies (a
   * mounted directory) may be missing, see {@link #requireFromPod}.
   */
  public ConfigNode awayFromPod() {
    return new ConfigNode(node, path, kind, new Document(doc.warnings(), true, doc.text(),
        doc.madeAtStart()));
  }

  /**
   * Notes {@code files} as written by the process itself before any server starts (the
   * certificate files of the {@code identity} block): a {@code tls} block may name them although
   * they do not exist yet.
   */
  public void madeAtStart(List<java.nio.file.Path> files) {
    files.forEach(f -> doc.madeAtStart().add(f.toAbsolutePath().normalize()));
  }

  /** Whether {@code file} is one of those noted by {@link #madeAtStart}. */
  public boolean isMadeAtStart(java.nio.file.Path file) {
    return doc.madeAtStart().contains(file.toAbsolutePath().normalize());
  }

  /**
   * Something only the running pod supplies, such as a directory mounted from a volume: missing
   * where the router starts, it is this node's error; missing where {@code check} runs, a warning
   * that says the pod must supply it.
   */
  public void requireFromPod(boolean present, String message) {
    if (present) {
      return;
    }
    if (!doc.awayFromPod()) {
      throw error(message);
    }
    doc.warnings().add(where() + ": " + message + " here; the router refuses to start unless it exists"
        + " where it runs at " + line() + ":" + column());
  }

  /** The node's path, empty for the root. */
  public String path() {
    return path;
  }

  /** The kind of the nearest enclosing plugin block, or null. */
  public String kind() {
    return kind;
  }

  /** This node seen as the config of a plugin of {@code kind}: errors below it name the kind. */
  public ConfigNode withKind(String kind) {
    return new ConfigNode(node, path, kind, doc);
  }

  public int line() {
    return node.getStartMark().getLine() + 1;
  }

  public int column() {
    return node.getStartMark().getColumn() + 1;
  }

  /**
   * This node as written in its document (a scalar with its quotes or block indicator), or null
   * when the document's text is unknown.
   */
  public String sourceText() {
    String text = doc.text();
    if (text == null) {
      return null;
    }
    int start = node.getStartMark().getIndex();
    int end = node.getEndMark().getIndex();
    int length = text.codePointCount(0, text.length());
    if (start < 0 || end < start || end > length) {
      return null;
    }
    return text.substring(text.offsetByCodePoints(0, start), text.offsetByCodePoints(0, end));
  }

  public boolean isMap() {
    return node instanceof MappingNode;
  }

  public boolean isList() {
    return node instanceof SequenceNode;
  }

  public boolean isNull() {
    return node instanceof ScalarNode && node.getTag().equals(Tag.NULL);
  }

  /** A {@link ConfigException} for this node: {@code path (kind): message at line:column}. */
  public ConfigException error(String message) {
    return new ConfigException(path,
        where() + ": " + message + " at " + line() + ":" + column());
  }

  private String where() {
    String where = path.isEmpty() ? "config" : path;
    return kind == null ? where : where + " (" + kind + ")";
  }

  /**
   * Records a one-line warning for this node, such as a Linkerd key whose feature is not built
   * yet. Warnings are printed at start, never silently dropped.
   */
  public void warn(String message) {
    doc.warnings().add(where() + ": " + message + " at " + line() + ":" + column());
  }

  /** Every warning recorded anywhere in this node's document so far. */
  public List<String> warnings() {
    return List.copyOf(doc.warnings());
  }

  /** The keys of this map, in document order. */
  public List<String> keys() {
    List<String> keys = new ArrayList<>();
    for (NodeTuple tuple : mapping().getValue()) {
      keys.add(((ScalarNode) tuple.getKeyNode()).getValue());
    }
    return keys;
  }

  /** Fails on the first key of this map that is not in {@code known}, listing the known ones. */
  public void requireOnlyKeys(Set<String> known) {
    for (NodeTuple tuple : mapping().getValue()) {
      String key = ((ScalarNode) tuple.getKeyNode()).getValue();
      if (!known.contains(key)) {
        throw child(tuple.getKeyNode(), key).error(
            "unknown key '" + key + "' (expected one of: " + String.join(", ", new TreeSet<>(known)) + ")");
      }
    }
  }

  public boolean has(String key) {
    return find(key) != null;
  }

  /** The value under {@code key}, absent when the key is missing or its value is null. */
  public Optional<ConfigNode> get(String key) {
    NodeTuple tuple = find(key);
    if (tuple == null) {
      return Optional.empty();
    }
    ConfigNode child = child(tuple.getValueNode(), key);
    return child.isNull() ? Optional.empty() : Optional.of(child);
  }

  public ConfigNode required(String key) {
    return get(key).orElseThrow(() -> error("missing required key '" + key + "'"));
  }

  /** The elements of this list. */
  public List<ConfigNode> elements() {
    if (!(node instanceof SequenceNode seq)) {
      throw error("expected a list, found " + describe());
    }
    List<ConfigNode> out = new ArrayList<>();
    List<Node> values = seq.getValue();
    for (int i = 0; i < values.size(); i++) {
      out.add(new ConfigNode(values.get(i), path + "[" + i + "]", kind, doc));
    }
    return out;
  }

  /** This node as a list: a single value counts as a list of one (Linkerd allows both). */
  public List<ConfigNode> elementsOrSingle() {
    return isList() ? elements() : List.of(this);
  }

  public String asString() {
    return scalar("a string");
  }

  public boolean asBoolean() {
    String value = scalar("a boolean");
    return switch (value) {
      case "true", "True", "TRUE" -> true;
      case "false", "False", "FALSE" -> false;
      default -> throw error("'" + value + "' is not a boolean (expected: true or false)");
    };
  }

  public long asLong() {
    String value = scalar("an integer");
    try {
      return Long.parseLong(value.replace("_", ""));
    } catch (NumberFormatException e) {
      throw error("'" + value + "' is not an integer");
    }
  }

  public int asInt() {
    long value = asLong();
    if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
      throw error(value + " is out of range for an integer");
    }
    return (int) value;
  }

  public double asDouble() {
    String value = scalar("a number");
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw error("'" + value + "' is not a number");
    }
  }

  public String string(String key, String fallback) {
    return get(key).map(ConfigNode::asString).orElse(fallback);
  }

  public boolean bool(String key, boolean fallback) {
    return get(key).map(ConfigNode::asBoolean).orElse(fallback);
  }

  /** An integer that must be at least {@code min}. */
  public int integer(String key, int fallback, int min) {
    return get(key).map(n -> n.atLeast(n.asInt(), min)).orElse(fallback);
  }

  public double number(String key, double fallback) {
    return get(key).map(ConfigNode::asDouble).orElse(fallback);
  }

  /** A duration written as whole milliseconds under a key such as {@code timeoutMs}. */
  public Duration millis(String key, Duration fallback) {
    return get(key).map(n -> Duration.ofMillis(n.atLeast(n.asLong(), 0L))).orElse(fallback);
  }

  /** A duration written as whole seconds under a key such as {@code ttlSecs}. */
  public Duration seconds(String key, Duration fallback) {
    return get(key).map(n -> Duration.ofSeconds(n.atLeast(n.asLong(), 0L))).orElse(fallback);
  }

  /** Parses each element of the list under {@code key} (a single value counts as one). */
  public <T> List<T> list(String key, Function<ConfigNode, T> parse) {
    return get(key).map(n -> n.elementsOrSingle().stream().map(parse).toList()).orElse(List.of());
  }

  /** This map as plain Java values (String, Boolean, Long, Double, List, Map), for free-form blocks. */
  public Object toPlain() {
    return PlainValues.of(node);
  }

  /**
   * A stand-in child {@code key} holding {@code block} (plain values), positioned at this node:
   * defaults such as the implicit identifier parse through the same code as written blocks.
   */
  ConfigNode synthetic(String key, Object block) {
    return child(PlainValues.toNode(block, node.getStartMark()), key);
  }

  /** A map of the child nodes by key, in document order. */
  public Map<String, ConfigNode> children() {
    Map<String, ConfigNode> out = new LinkedHashMap<>();
    for (NodeTuple tuple : mapping().getValue()) {
      String key = ((ScalarNode) tuple.getKeyNode()).getValue();
      out.put(key, child(tuple.getValueNode(), key));
    }
    return out;
  }

  private <N extends Comparable<N>> N atLeast(N value, N min) {
    if (value.compareTo(min) < 0) {
      throw error(value + " (expected: >= " + min + ")");
    }
    return value;
  }

  private NodeTuple find(String key) {
    for (NodeTuple tuple : mapping().getValue()) {
      if (tuple.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
        return tuple;
      }
    }
    return null;
  }

  private MappingNode mapping() {
    if (node instanceof MappingNode map) {
      return map;
    }
    throw error("expected a map, found " + describe());
  }

  private String scalar(String expected) {
    if (node instanceof ScalarNode scalar && !isNull()) {
      return scalar.getValue();
    }
    throw error("expected " + expected + ", found " + describe());
  }

  private ConfigNode child(Node child, String key) {
    return new ConfigNode(child, path.isEmpty() ? key : path + "." + key, kind, doc);
  }

  private String describe() {
    if (node instanceof MappingNode) {
      return "a map";
    }
    if (node instanceof SequenceNode) {
      return "a list";
    }
    return isNull() ? "nothing" : "'" + ((ScalarNode) node).getValue() + "'";
  }
}

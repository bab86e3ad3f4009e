package io.hoplink.config;

import static java.util.Objects.requireNonNull;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads YAML (or JSON, which is YAML) into a {@link ConfigNode} tree that remembers where each
 * value was written. Syntax errors, repeated keys and non-string keys fail with line:column.
 */
public final class YamlLoader {
  private static final int MAX_BYTES = 4 * 1024 * 1024;

  private YamlLoader() {}

  public static ConfigNode load(String text) {
    List<ConfigNode> documents = loadAll(text);
    if (documents.size() > 1) {
      throw new ConfigException("", "config: " + documents.size() + " YAML documents where one"
          + " config is expected (a file of several documents is read only for the ConfigMap"
          + " in it)");
    }
    return documents.get(0);
  }

  /**
   * Every document of a stream separated by {@code ---}, each remembering its line and column in
   * the whole text; empty documents are skipped.
   */
  public static List<ConfigNode> loadAll(String text) {
    requireNonNull(text, "text");
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(MAX_BYTES);
    options.setAllowRecursiveKeys(false);
    options.setMaxAliasesForCollections(50);
    List<ConfigNode> documents = new ArrayList<>();
    try {
      for (Node root : new Yaml(options).composeAll(new StringReader(text))) {
        if (root == null || isEmpty(root)) {
          continue;
        }
        checkKeys(root, "");
        documents.add(new ConfigNode(root, text));
      }
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
      String at = mark == null ? "" : " at " + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1);
      throw new ConfigException("", "config: YAML syntax error: " + problem.strip() + at);
    } catch (YAMLException e) {
      throw new ConfigException("", "config: YAML syntax error: " + e.getMessage());
    }
    if (documents.isEmpty()) {
      throw new ConfigException("", "config: the document is empty (expected a map with 'routers')");
    }
    return documents;
  }

  private static boolean isEmpty(Node root) {
    return root instanceof ScalarNode scalar && scalar.getTag().equals(Tag.NULL);
  }

  private static void checkKeys(Node node, String path) {
    if (node instanceof MappingNode map) {
      Map<String, Node> seen = new HashMap<>();
      for (NodeTuple tuple : map.getValue()) {
        Node keyNode = tuple.getKeyNode();
        if (!(keyNode instanceof ScalarNode scalar)) {
          throw new ConfigNode(keyNode, path, null, List.of()).error("a key must be a plain string");
        }
        String key = scalar.getValue();
        String childPath = path.isEmpty() ? key : path + "." + key;
        Node first = seen.putIfAbsent(key, keyNode);
        if (first != null) {
          throw new ConfigNode(keyNode, childPath, null, List.of()).error(
              "repeated key '" + key + "' (first at " + (first.getStartMark().getLine() + 1) + ":"
                  + (first.getStartMark().getColumn() + 1) + ")");
        }
        checkKeys(tuple.getValueNode(), childPath);
      }
    } else if (node instanceof SequenceNode seq) {
      for (int i = 0; i < seq.getValue().size(); i++) {
        checkKeys(seq.getValue().get(i), path + "[" + i + "]");
      }
    }
  }
}

package io.hoplink.namers.fs;

import io.hoplink.naming.Address;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The text of one service file: one endpoint per line, {@code host port} or
 * {@code host port * weight}; blank lines and {@code #} comments are allowed.
 */
final class EndpointFile {
  /** The endpoints, or the first problem (with its 1-based line number). */
  record Parsed(Set<Address> endpoints, int line, String problem) {
    boolean ok() {
      return problem == null;
    }
  }

  private EndpointFile() {}

  static Parsed parse(String text) {
    Set<Address> endpoints = new LinkedHashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      int hash = line.indexOf('#');
      line = (hash >= 0 ? line.substring(0, hash) : line).strip();
      if (line.isEmpty()) {
        continue;
      }
      String[] tokens = line.split("\\s+");
      if (tokens.length != 2 && !(tokens.length == 4 && tokens[2].equals("*"))) {
        return new Parsed(Set.of(), i + 1,
            "'" + line + "' (expected: 'host port' or 'host port * weight')");
      }
      int port = port(tokens[1]);
      if (port < 0) {
        return new Parsed(Set.of(), i + 1, "bad port '" + tokens[1] + "' (expected: 1 to 65535)");
      }
      double weight = tokens.length == 4 ? weight(tokens[3]) : 1.0;
      if (!(weight > 0)) {
        return new Parsed(Set.of(), i + 1, "bad weight '" + tokens[3] + "' (expected: a number > 0)");
      }
      Address address = Address.of(tokens[0], port).withWeight(weight);
      Integer first = seen.putIfAbsent(address.hostPort(), i + 1);
      if (first != null) {
        return new Parsed(Set.of(), i + 1,
            address.hostPort() + " is listed twice (first on line " + first + ")");
      }
      endpoints.add(address);
    }
    return new Parsed(Set.copyOf(endpoints), 0, null);
  }

  private static int port(String text) {
    try {
      int port = Integer.parseInt(text);
      return port >= 1 && port <= 65535 ? port : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static double weight(String text) {
    try {
      double weight = Double.parseDouble(text);
      return Double.isFinite(weight) ? weight : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}

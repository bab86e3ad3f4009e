package io.hoplink.router.tls.ca;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** One {@code certs} subcommand's arguments: {@code --key value} (or {@code --key=value}) and operands. */
final class CertsArgs {
  private final Map<String, List<String>> options;
  private final List<String> operands;

  private CertsArgs(Map<String, List<String>> options, List<String> operands) {
    this.options = options;
    this.operands = operands;
  }

  /**
   * Reads {@code args}: options in {@code single} may be given once, those in {@code repeated}
   * any number of times; anything else is refused.
   */
  static CertsArgs parse(List<String> args, Set<String> single, Set<String> repeated)
      throws CertsCommand.Failure {
    Map<String, List<String>> options = new LinkedHashMap<>();
    List<String> operands = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--")) {
        operands.add(arg);
        continue;
      }
      String key = arg.substring(2);
      String value;
      int equals = key.indexOf('=');
      if (equals >= 0) {
        value = key.substring(equals + 1);
        key = key.substring(0, equals);
      } else if (i + 1 < args.size()) {
        value = args.get(++i);
      } else {
        throw CertsCommand.usage(arg + " needs a value");
      }
      if (!single.contains(key) && !repeated.contains(key)) {
        Set<String> known = new TreeSet<>(single);
        known.addAll(repeated);
        throw CertsCommand.usage("unknown option --" + key + " (expected: --"
            + String.join(", --", known) + ")");
      }
      if (single.contains(key) && options.containsKey(key)) {
        throw CertsCommand.usage("--" + key + " is given twice");
      }
      if (value.isBlank()) {
        throw CertsCommand.usage("--" + key + " is empty");
      }
      options.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }
    return new CertsArgs(options, operands);
  }

  String required(String key, String what) throws CertsCommand.Failure {
    return optional(key).orElseThrow(() -> CertsCommand.usage("--" + key + " " + what
        + " is required"));
  }

  Optional<String> optional(String key) {
    return Optional.ofNullable(options.get(key)).map(values -> values.get(0));
  }

  /** Every value of {@code key}, each comma-separated list split. */
  List<String> all(String key) {
    List<String> values = new ArrayList<>();
    for (String value : options.getOrDefault(key, List.of())) {
      for (String part : value.split(",")) {
        if (!part.isBlank()) {
          values.add(part.strip());
        }
      }
    }
    return values;
  }

  /** A whole number above 0, {@code otherwise} when not given. */
  int positive(String key, int otherwise) throws CertsCommand.Failure {
    Optional<String> value = optional(key);
    if (value.isEmpty()) {
      return otherwise;
    }
    try {
      int n = Integer.parseInt(value.get());
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw CertsCommand.usage("--" + key + " " + value.get()
        + " (expected: a whole number above 0)");
  }

  List<String> operands() {
    return operands;
  }
}

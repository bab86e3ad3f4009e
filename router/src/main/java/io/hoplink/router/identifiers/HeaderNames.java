package io.hoplink.router.identifiers;

import io.hoplink.config.ConfigNode;

/** Checks a header-name key of an identifier block. */
final class HeaderNames {
  private HeaderNames() {}

  static String check(ConfigNode node, String key, String fallback) {
    String name = node.string(key, fallback);
    // HTTP/2 pseudo-headers (:authority, :path) are names too.
    String token = name.startsWith(":") ? name.substring(1) : name;
    if (token.isEmpty() || !token.chars().allMatch(HeaderNames::isTokenChar)) {
      throw node.required(key).error("'" + name + "' is not a valid header name");
    }
    return name;
  }

  private static boolean isTokenChar(int c) {
    return c > 32 && c < 127 && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
  }
}

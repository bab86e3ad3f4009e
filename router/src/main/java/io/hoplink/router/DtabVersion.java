package io.hoplink.router;

import io.hoplink.naming.Dentry;
import io.hoplink.naming.Dtab;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One dtab a router put in force: its number (1 for the first, one more for each change
 * applied), when it was applied, and a short hash of the whole dtab (the same dtab, the same
 * hash, on every router and restart).
 *
 * @param fromSource the part its interpreter's source read (empty for the default interpreter)
 * @param dtab the dtab in force: {@code fromSource} then the router's configured dtab
 * @param note why the source's part is empty, when it is absent (no ConfigMap, no key), or null
 */
record DtabVersion(long number, Dtab fromSource, Dtab dtab, Instant appliedAt, String hash,
    String note) {
  /** A reading that was refused, and when. */
  record Refusal(String error, Instant at) {}

  static DtabVersion of(long number, Dtab fromSource, Dtab dtab, Instant appliedAt,
      String note) {
    return new DtabVersion(number, fromSource, dtab, appliedAt, hash(dtab), note);
  }

  /** The first 12 hex digits of the SHA-256 of the dtab as shown. */
  static String hash(Dtab dtab) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(dtab.show().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  /**
   * A router's dtab for {@code /dtabs.json}: what is in force ({@code dtab} and
   * {@code dentries} null while nothing is), where it comes from, its version, and the last
   * refused reading.
   */
  static Map<String, Object> describe(Dtab configured, Map<String, Object> source,
      DtabVersion inForce, Refusal lastRefusal) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("dtab", inForce == null ? null : inForce.dtab().show());
    out.put("dentries", inForce == null ? null
        : inForce.dtab().entries().stream().map(Dentry::show).toList());
    out.put("source", source == null ? Map.of("kind", "inline") : source);
    out.put("state", inForce == null ? "pending" : "ok");
    if (inForce != null) {
      out.put("version", inForce.number());
      out.put("appliedAt", inForce.appliedAt().toString());
      out.put("hash", inForce.hash());
      if (source != null) {
        out.put("sourceDtab", inForce.fromSource().show());
      }
      if (inForce.note() != null) {
        out.put("note", inForce.note());
      }
    }
    out.put("configuredDtab", configured.show());
    Map<String, Object> refused = null;
    if (lastRefusal != null) {
      refused = new LinkedHashMap<>();
      refused.put("error", lastRefusal.error());
      refused.put("at", lastRefusal.at().toString());
    }
    out.put("lastRefused", refused);
    return out;
  }
}

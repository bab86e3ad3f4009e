package io.hoplink.naming;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.function.Consumer;

/**
 * Where an interpreter's dtab comes from and how it is watched: a file read again and again
 * ({@code io.l5d.fs}), a ConfigMap key watched through the Kubernetes API
 * ({@code io.l5d.k8s.configMap}). A source only reads: what it reads is handed on as a
 * {@link Reading}, and the router parses it, refuses it or puts it in force, in one place for
 * every source.
 */
public interface DtabSource extends AutoCloseable {
  /** What one look at the source found. */
  sealed interface Reading {
    /** The dtab's text as stored (not parsed yet). */
    record Text(String text) implements Reading {
      public Text {
        requireNonNull(text, "text");
      }
    }

    /**
     * Nothing is stored there (no such ConfigMap, no such key): the empty dtab, as Linkerd;
     * {@code why} says which.
     */
    record Absent(String why) implements Reading {
      public Absent {
        requireNonNull(why, "why");
      }
    }

    /** Something is stored that cannot be a dtab's text (not UTF-8): refused as a bad dtab. */
    record Unreadable(String why) implements Reading {
      public Unreadable {
        requireNonNull(why, "why");
      }
    }
  }

  /** What logs call the source: {@code the file /etc/l5d/dtab}, {@code ConfigMap ns/name key k}. */
  String show();

  /**
   * The source as plain data for the admin pages: at least {@code kind}, then where it reads
   * (a {@code file}; a {@code namespace}, {@code name}, {@code key} and {@code api}) and, for a
   * watch, whether it is watching and its last error.
   */
  Map<String, Object> describe();

  /**
   * Starts reading: every reading that may differ from the one before goes to
   * {@code readings}, one at a time and in order, on the source's own threads (never an event
   * loop). A source that cannot reach its store keeps quiet meanwhile (it logs the failure
   * itself, once), so the last reading stays in force.
   */
  void start(Consumer<Reading> readings);

  /** Stops reading; no reading follows. */
  @Override
  void close();
}

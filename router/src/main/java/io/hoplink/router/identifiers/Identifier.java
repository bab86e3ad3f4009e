package io.hoplink.router.identifiers;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/** Names a request. Built once per router from config; called for every request. */
@FunctionalInterface
public interface Identifier extends AutoCloseable {
  Identification identify(RequestHead request);

  /** Stops what the identifier watches (the Kubernetes API, say); most have nothing to stop. */
  @Override
  default void close() {}

  /** Tries each identifier in order; the first that names the request wins. */
  static Identifier firstOf(List<Identifier> identifiers) {
    requireNonNull(identifiers, "identifiers");
    if (identifiers.isEmpty()) {
      throw new IllegalArgumentException("at least one identifier is needed");
    }
    if (identifiers.size() == 1) {
      return identifiers.get(0);
    }
    List<Identifier> all = List.copyOf(identifiers);
    return new Identifier() {
      @Override
      public Identification identify(RequestHead request) {
        List<String> reasons = new ArrayList<>(all.size());
        boolean unavailable = false;
        for (Identifier identifier : all) {
          Identification result = identifier.identify(request);
          if (result instanceof Identification.Identified) {
            return result;
          }
          if (result instanceof Identification.Unavailable u) {
            unavailable = true;
            reasons.add(u.reason());
          } else {
            reasons.add(((Identification.Unidentified) result).reason());
          }
        }
        String why = String.join("; ", reasons);
        return unavailable ? new Identification.Unavailable(why)
            : new Identification.Unidentified(why);
      }

      @Override
      public void close() {
        all.forEach(Identifier::close);
      }
    };
  }
}

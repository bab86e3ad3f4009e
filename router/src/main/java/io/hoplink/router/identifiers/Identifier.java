package io.hoplink.router.identifiers;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/** Names a request. Built once per router from config; called for every request. */
@FunctionalInterface
public interface Identifier {
  Identification identify(RequestHead request);

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
    return request -> {
      List<String> reasons = new ArrayList<>(all.size());
      for (Identifier identifier : all) {
        Identification result = identifier.identify(request);
        if (result instanceof Identification.Identified) {
          return result;
        }
        reasons.add(((Identification.Unidentified) result).reason());
      }
      return new Identification.Unidentified(String.join("; ", reasons));
    };
  }
}

package io.hoplink.router.identifiers;

import static java.util.Objects.requireNonNull;

import io.hoplink.naming.Path;

/** What an identifier made of a request: a name to route by, or why it could not name it. */
public sealed interface Identification {
  /**
   * @param name the destination, such as {@code /svc/hello}
   * @param uri the uri to forward, which an identifier may rewrite ({@code io.l5d.path} with
   *     {@code consume: true})
   */
  record Identified(Path name, String uri) implements Identification {
    public Identified {
      requireNonNull(name, "name");
      requireNonNull(uri, "uri");
    }
  }

  record Unidentified(String reason) implements Identification {
    public Unidentified {
      requireNonNull(reason, "reason");
    }
  }

  /**
   * The identifier cannot tell yet, for want of what it reads (the Ingress list of
   * {@code io.l5d.ingress} before the API has answered): a 503, not the client's fault.
   */
  record Unavailable(String reason) implements Identification {
    public Unavailable {
      requireNonNull(reason, "reason");
    }
  }
}

package io.hoplink.router.identifiers;

import static java.util.Objects.requireNonNull;

import io.vertx.core.MultiMap;

/**
 * What an identifier may look at: the request line and headers, never the body.
 *
 * @param version {@code 1.0} or {@code 1.1}
 * @param uri the origin-form target, path and query
 */
public record RequestHead(String method, String version, String uri, MultiMap headers) {
  public RequestHead {
    requireNonNull(method, "method");
    requireNonNull(version, "version");
    requireNonNull(uri, "uri");
    requireNonNull(headers, "headers");
  }

  /** The path part of the uri, without query or fragment. */
  public String path() {
    int end = uri.length();
    int query = uri.indexOf('?');
    if (query >= 0) {
      end = query;
    }
    int fragment = uri.indexOf('#');
    if (fragment >= 0 && fragment < end) {
      end = fragment;
    }
    return uri.substring(0, end);
  }
}

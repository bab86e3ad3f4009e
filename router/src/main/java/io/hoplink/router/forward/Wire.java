package io.hoplink.router.forward;

import io.hoplink.router.hop.HopHeaders;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;

/**
 * What truly differs between the client's wire protocols: which headers stay on the hop, how a
 * response is framed, how an exchange is reset, and what becomes of a request body the response
 * did not wait for. Everything else about an exchange is the same.
 */
enum Wire {
  /** HTTP/1.0 and HTTP/1.1: one request at a time per connection, no stream resets. */
  HTTP1 {
    @Override
    void stripHopHeaders(MultiMap headers) {
      HopHeaders.stripHopByHop(headers);
    }

    @Override
    void frame(HttpServerResponse out, HttpMethod method, int status, HttpVersion version) {
      boolean bodyless = method == HttpMethod.HEAD || status == 204 || status == 304
          || status < 200;
      if (bodyless || out.headers().contains(HttpHeaders.CONTENT_LENGTH)) {
        return;
      }
      if (version == HttpVersion.HTTP_1_0) {
        out.headers().set(HttpHeaders.CONNECTION, HttpHeaders.CLOSE); // delimited by the close
      } else {
        out.setChunked(true); // trailers, if any, go in the last chunk
      }
    }

    @Override
    void reset(HttpServerRequest request, long code) {
      request.connection().close(); // HTTP/1.x has no stream reset
    }

    @Override
    void beforeError(HttpServerRequest request, HttpServerResponse response, boolean bodyUnread) {
      if (bodyUnread) {
        response.putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE); // the body stays unread
      } else {
        request.resume(); // lets the end of a bodiless request through
      }
    }

    @Override
    void afterEnd(HttpServerRequest request, HttpServerResponse response) {
    }
  },

  /** HTTP/2: streams, resets with codes, trailers without framing. */
  HTTP2 {
    @Override
    void stripHopHeaders(MultiMap headers) {
      HopHeaders.stripForHttp2(headers);
    }

    @Override
    void frame(HttpServerResponse out, HttpMethod method, int status, HttpVersion version) {
    }

    @Override
    void reset(HttpServerRequest request, long code) {
      request.response().reset(code);
    }

    @Override
    void beforeError(HttpServerRequest request, HttpServerResponse response, boolean bodyUnread) {
    }

    @Override
    void afterEnd(HttpServerRequest request, HttpServerResponse response) {
      if (!request.isEnded()) {
        response.reset(NO_ERROR); // RFC 9113 8.1: the rest of the request is not needed
      }
    }
  };

  static final long NO_ERROR = 0;
  static final long INTERNAL_ERROR = 2;
  static final long CANCEL = 8;
  static final long ENHANCE_YOUR_CALM = 0xb;

  static Wire of(HttpVersion version) {
    return version == HttpVersion.HTTP_2 ? HTTP2 : HTTP1;
  }

  /** Removes what must not cross the hop; HTTP/2 also forbids connection-specific headers. */
  abstract void stripHopHeaders(MultiMap headers);

  /** Frames a relayed response that has no length of its own: chunked, or close-delimited. */
  abstract void frame(HttpServerResponse out, HttpMethod method, int status, HttpVersion version);

  /** Ends the exchange without a response: resets the stream with {@code code}. */
  abstract void reset(HttpServerRequest request, long code);

  /** Readies the connection for a router error that does not wait for the request body. */
  abstract void beforeError(HttpServerRequest request, HttpServerResponse response,
      boolean bodyUnread);

  /** After the response ended while the request had not. */
  abstract void afterEnd(HttpServerRequest request, HttpServerResponse response);

  /** Whether an upstream's stream reset can be passed on with its code. */
  boolean relaysResets() {
    return this == HTTP2;
  }
}

package io.hoplink.router.forward;

import io.vertx.core.MultiMap;

/** gRPC status codes the router reads from responses and writes in its own errors. */
final class GrpcStatus {
  static final String STATUS = "grpc-status";
  static final String MESSAGE = "grpc-message";
  static final int ABSENT = -1;
  static final int OK = 0;
  static final int CANCELLED = 1;
  static final int UNKNOWN = 2;
  static final int DEADLINE_EXCEEDED = 4;
  static final int UNIMPLEMENTED = 12;
  static final int INTERNAL = 13;
  static final int UNAVAILABLE = 14;

  private GrpcStatus() {}

  /** Whether a request is gRPC: {@code content-type: application/grpc[+proto|;...]}. */
  static boolean isGrpc(MultiMap headers) {
    String type = headers.get("content-type");
    return type != null && type.regionMatches(true, 0, "application/grpc", 0, 16);
  }

  /** The {@code grpc-status} of these headers or trailers, {@link #ABSENT} when there is none. */
  static int of(MultiMap headers) {
    String value = headers.get(STATUS);
    if (value == null) {
      return ABSENT;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      return UNKNOWN;
    }
  }

  /** The code a gRPC client would derive from this HTTP status (the gRPC HTTP mapping). */
  static int fromHttp(int status) {
    return switch (status) {
      case 400 -> INTERNAL;
      case 401 -> 16; // UNAUTHENTICATED
      case 403 -> 7; // PERMISSION_DENIED
      case 404 -> UNIMPLEMENTED;
      case 429, 502, 503, 504 -> UNAVAILABLE;
      default -> UNKNOWN;
    };
  }

  /** Percent-encodes a {@code grpc-message} as the gRPC spec asks (UTF-8, %XX outside 0x20-0x7E). */
  static String encodeMessage(String message) {
    StringBuilder out = new StringBuilder(message.length());
    for (byte b : message.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c >= 0x20 && c <= 0x7e && c != '%') {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }
}

package io.hoplink.router.http;

/**
 * A forwarded request whose response was relayed to the client in full.
 *
 * @param status the upstream response status, as sent to the client
 * @param requestBodyBytes body bytes sent upstream
 * @param responseBodyBytes body bytes relayed to the client
 */
public record UpstreamResult(int status, long requestBodyBytes, long responseBodyBytes) {}

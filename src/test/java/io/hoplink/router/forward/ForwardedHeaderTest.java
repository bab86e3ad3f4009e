package io.hoplink.router.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoplink.config.ConfigException;
import io.hoplink.config.ForwardedConfig;
import io.hoplink.config.ForwardedConfig.Labeler;
import io.hoplink.config.Protocol;
import io.hoplink.config.ServerConfig;
import io.hoplink.config.YamlLoader;
import io.vertx.core.MultiMap;
import io.vertx.core.net.SocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Forwarded element of {@code addForwardedHeader} with each of Linkerd's labelers, in the
 * layout of Linkerd's AddForwardedHeader and H2AddForwardedHeader.
 */
class ForwardedHeaderTest {
  private static final SocketAddress CLIENT = SocketAddress.inetSocketAddress(51000, "10.1.2.3");
  private static final SocketAddress SERVER = SocketAddress.inetSocketAddress(4140, "10.1.2.9");

  private static String element(ForwardedConfig config, boolean http2, SocketAddress remote,
      String host, String scheme) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Forwarded", "for=earlier");
    new ForwardedHeader(config).append(headers, http2, remote, SERVER, host, scheme);
    List<String> all = headers.getAll("forwarded");
    assertEquals("for=earlier", all.get(0), "an earlier field is kept as it was");
    return all.get(1);
  }

  private static ForwardedConfig config(String yaml) {
    ServerConfig server = ServerConfig.parse(
        YamlLoader.load("port: 0\naddForwardedHeader: " + yaml + "\n"), Protocol.HTTP, "out");
    return server.addForwardedHeader().orElseThrow();
  }

  @Test
  void ipAndIpPortAsLinkerdFormatsThem() { // IPv6 as the JDK writes it, as in Linkerd
    ForwardedConfig config = config("{by: {kind: \"ip:port\"}, for: {kind: ip}}");
    assertEquals("by=\"10.1.2.9:4140\";for=10.1.2.3;host=example.com",
        element(config, false, CLIENT, "example.com", null));
    SocketAddress v6 = SocketAddress.inetSocketAddress(51000, "2001:db8::17");
    assertEquals("by=\"10.1.2.9:4140\";for=\"[2001:db8:0:0:0:0:0:17]\";host=example.com",
        element(config, false, v6, "example.com", null));
  }

  @Test
  void anHttp2RequestNamesItsAuthorityAndScheme() {
    ForwardedConfig config = config("{by: {kind: static, label: edge}, for: {kind: router}}");
    assertEquals("by=_edge;for=_out;authority=\"svc:8080\";proto=http",
        element(config, true, CLIENT, "svc:8080", "http"));
  }

  @Test
  void randomLabelsChangePerRequestOrStayForAConnection() {
    ForwardedConfig config = new ForwardedConfig(new Labeler("requestRandom", ""),
        new Labeler("connectionRandom", ""));
    ForwardedHeader header = new ForwardedHeader(config);
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    header.append(headers, false, CLIENT, SERVER, null, null);
    header.append(headers, false, CLIENT, SERVER, null, null);
    header.append(headers, false, SocketAddress.inetSocketAddress(51001, "10.1.2.3"), SERVER,
        null, null);
    List<String> all = headers.getAll("forwarded");
    String[] first = all.get(0).split(";");
    String[] second = all.get(1).split(";");
    String[] otherConnection = all.get(2).split(";");
    assertTrue(first[0].matches("by=_[A-Za-z0-9]{6}"), first[0]);
    assertNotEquals(first[0], second[0], "requestRandom: a new label each request");
    assertEquals(first[1], second[1], "connectionRandom: one label for the connection");
    assertNotEquals(first[1], otherConnection[1], "and another for the next connection");
    assertTrue(!all.get(0).contains("10.1.2"), "nothing of the addresses shows: " + all);
  }

  @Test
  void aSchemeOnlyWhenTheRequestNamedOneAndHostsQuotedOnlyWhenTheyMustBe() {
    ForwardedConfig config = config("{for: {kind: ip}, by: {kind: static, label: _x}}");
    assertEquals("by=_x;for=10.1.2.3;host=\"example.com:8080\";proto=http",
        element(config, false, CLIENT, "example.com:8080", "http"));
    assertEquals("by=_x;for=10.1.2.3", element(config, false, CLIENT, null, null));
  }

  @Test
  void unknownLabelersAndBadStaticLabelsAreRefused() {
    ConfigException kind = assertThrows(ConfigException.class,
        () -> config("{by: {kind: mac}}"));
    assertTrue(kind.getMessage().contains("unknown labeler kind 'mac' (expected one of: ip,"
        + " ip:port, connectionRandom, requestRandom, router, static)"), kind.getMessage());
    ConfigException label = assertThrows(ConfigException.class,
        () -> config("{by: {kind: static, label: \"a b\"}}"));
    assertTrue(label.getMessage().contains("not an obfuscated identifier"), label.getMessage());
    ConfigException missing = assertThrows(ConfigException.class,
        () -> config("{by: {kind: static}}"));
    assertTrue(missing.getMessage().contains("missing required key 'label'"),
        missing.getMessage());
  }
}

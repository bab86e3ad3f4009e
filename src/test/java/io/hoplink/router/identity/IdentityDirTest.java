package io.hoplink.router.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The identity directory: the three files change together, through one swapped link. */
class IdentityDirTest {
  @TempDir Path tmp;

  private static String read(Path file) throws Exception {
    return Files.readString(file);
  }

  @Test
  void theFilesAreLinksThroughDataWhichOneRenameSwaps() throws Exception {
    Path dir = tmp.resolve("identity");
    IdentityDir identity = new IdentityDir(dir);
    identity.write("chain 1", "key 1", "roots 1");
    assertEquals(List.of("chain 1", "key 1", "roots 1"), List.of(read(dir.resolve("tls.crt")),
        read(dir.resolve("tls.key")), read(dir.resolve("ca.crt"))));
    for (String name : List.of("tls.crt", "tls.key", "ca.crt")) {
      assertEquals(Path.of("..data", name), Files.readSymbolicLink(dir.resolve(name)));
    }
    assertEquals("rw-------", PosixFilePermissions.toString(
        Files.getPosixFilePermissions(dir.resolve("tls.key"))));
    assertEquals("rw-r--r--", PosixFilePermissions.toString(
        Files.getPosixFilePermissions(dir.resolve("tls.crt"))));
    Path first = Files.readSymbolicLink(dir.resolve("..data"));

    identity.write("chain 2", "key 2", "roots 1");
    assertEquals(List.of("chain 2", "key 2", "roots 1"), List.of(read(dir.resolve("tls.crt")),
        read(dir.resolve("tls.key")), read(dir.resolve("ca.crt"))));
    assertTrue(!Files.exists(dir.resolve(first)), "the earlier certificate's directory is gone");
    try (Stream<Path> entries = Files.list(dir)) {
      assertEquals(5, entries.count(), "three links, ..data and one directory");
    }
  }

  @Test
  void plainFilesLeftByCertsNodeAreReplacedByTheLinks() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("identity"));
    Files.writeString(dir.resolve("tls.crt"), "old");
    new IdentityDir(dir).write("chain", "key", "roots");
    assertEquals("chain", read(dir.resolve("tls.crt")));
    assertTrue(Files.isSymbolicLink(dir.resolve("tls.crt")));
  }
}

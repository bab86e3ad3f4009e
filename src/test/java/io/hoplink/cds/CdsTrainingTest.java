package io.hoplink.cds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CdsTrainingTest {
  @TempDir
  Path dir;

  @Test
  void theTrainingRunsWithTheDaemonsetFlagsLessTheArchiveTheyMap() throws Exception {
    Path manifest = Files.writeString(dir.resolve("l5d.yaml"), """
        env:
        - name: JAVA_TOOL_OPTIONS
          value: "-Xmx96m  -XX:+UseSerialGC -Xshare:auto -XX:SharedArchiveFile=/opt/hoplink/hoplink.jsa"
        - name: NODE_NAME
        """);
    assertEquals(List.of("-Xmx96m", "-XX:+UseSerialGC"), CdsTraining.daemonsetFlags(manifest));
  }

  @Test
  void aManifestWithoutFlagsIsRefusedByName() throws Exception {
    Path manifest = Files.writeString(dir.resolve("l5d.yaml"), "env:\n- name: NODE_NAME\n");
    var e = assertThrows(CdsTraining.TrainingFailed.class,
        () -> CdsTraining.daemonsetFlags(manifest));
    assertTrue(e.getMessage().contains("no JAVA_TOOL_OPTIONS value in " + manifest), e.getMessage());
  }
}

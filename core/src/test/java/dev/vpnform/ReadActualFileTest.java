package dev.vpnform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.vpnform.model.VpnformException;
import dev.vpnform.openstack.ResponseFormatException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Reconciler#readActualFile}: bounded, strict UTF-8, located errors. */
class ReadActualFileTest {
  @TempDir Path dir;

  static final String BODY =
      "{\"ipsec_site_connections\": [\n  {\"id\": \"c1\", \"name\": \"caf\u00e9\"}\n]}\n";

  @Test
  void readsAUtf8ListBody() throws Exception {
    Path f = Files.write(dir.resolve("a.json"), BODY.getBytes(StandardCharsets.UTF_8));

    assertThat(Reconciler.readActualFile(f))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.id()).isEqualTo("c1");
              assertThat(c.name()).isEqualTo("caf\u00e9");
            });
  }

  @Test
  void aByteThatIsNotUtf8IsLocated() throws Exception {
    byte[] latin1 = BODY.getBytes(StandardCharsets.ISO_8859_1); // é as the lone byte 0xE9
    Path f = Files.write(dir.resolve("latin1.json"), latin1);

    ResponseFormatException e =
        catchThrowableOfType(ResponseFormatException.class, () -> Reconciler.readActualFile(f));
    assertThat(e).hasMessage(f + ":2:28: not valid UTF-8");
  }

  @Test
  void aFileOverTheLimitIsRefusedBeforeParsing() throws Exception {
    Path f = dir.resolve("huge.json");
    try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
      raf.setLength(Reconciler.MAX_ACTUAL_FILE_BYTES + 1); // sparse: no disk is used
    }

    VpnformException e =
        catchThrowableOfType(VpnformException.class, () -> Reconciler.readActualFile(f));
    assertThat(e)
        .hasMessage(
            "Cannot read the actual state from "
                + f
                + ": the file is larger than 64 MiB, the limit on a Networking API body");
  }

  @Test
  void aMissingFileIsNamed() {
    Path f = dir.resolve("nope.json");
    assertThat(catchThrowableOfType(VpnformException.class, () -> Reconciler.readActualFile(f)))
        .hasMessage("Cannot read the actual state from " + f + ": no such file");
  }
}

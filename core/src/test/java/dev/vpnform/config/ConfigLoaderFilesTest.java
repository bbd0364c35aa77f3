package dev.vpnform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.vpnform.model.DesiredConnection;
import dev.vpnform.model.DesiredState;
import dev.vpnform.model.Diagnostic;
import dev.vpnform.model.SecretRef;
import dev.vpnform.model.SourceLocation;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files, directories, sizes, encodings, and psk files resolved next to the YAML. */
class ConfigLoaderFilesTest {
  @TempDir Path dir;

  private final ConfigLoader loader =
      ConfigLoader.builder().environment(Map.of("DC1_PSK", "from-env")::get).build();

  private Path write(String relative, String content) throws IOException {
    return write(relative, content.getBytes(StandardCharsets.UTF_8));
  }

  private Path write(String relative, byte[] content) throws IOException {
    Path p = dir.resolve(relative);
    Files.createDirectories(p.getParent());
    return Files.write(p, content);
  }

  private List<String> problems(ConfigLoader l, List<Path> paths) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> l.load(paths));
    assertThat(e).as("a ConfigException").isNotNull();
    return e.diagnostics().stream().map(Diagnostic::format).toList();
  }

  private List<String> problems(Path... paths) {
    return problems(loader, List.of(paths));
  }

  // ---- files and directories ------------------------------------------------------------------

  @Test
  void readsSeveralFilesInTheOrderGiven() throws Exception {
    Path b = write("b.yaml", "connections:\n  - name: from-b\n");
    Path a = write("a.yaml", "profile: openstack\nconnections:\n  - name: from-a\n");

    DesiredState state = loader.load(List.of(b, a));

    assertThat(state.files()).containsExactly(b.toString(), a.toString());
    assertThat(state.connections())
        .extracting(DesiredConnection::label)
        .containsExactly("from-b", "from-a");
    assertThat(state.connections().get(1).source())
        .isEqualTo(new SourceLocation(a.toString(), 3, 5));
    assertThat(state.profileSource()).contains(new SourceLocation(a.toString(), 1, 10));
  }

  @Test
  void walksADirectoryTreeSortedSkippingHiddenAndNonYamlFiles() throws Exception {
    // A relative path, as a user types it: names in the result keep that form.
    Path tree = Path.of("src/test/resources/config/tree");
    assertThat(tree).isDirectory();

    DesiredState state = loader.load(List.of(tree));

    assertThat(state.files())
        .containsExactly(
            tree.resolve("site-a/a1.yaml").toString(),
            tree.resolve("site-b/b1.yaml").toString(),
            tree.resolve("site-b/b2.yml").toString(),
            tree.resolve("top.yaml").toString());
    assertThat(state.connections())
        .extracting(DesiredConnection::label)
        .containsExactly("a1", "b1", "b2");
    assertThat(state.connections().get(0).source())
        .isEqualTo(new SourceLocation(tree.resolve("site-a/a1.yaml").toString(), 3, 5));
    assertThat(state.profile()).contains("huaweicloud");

    DesiredConnection a1 = state.connections().get(0);
    assertThat(a1.psk().reveal()).isEqualTo("a1-key");
    assertThat(a1.pskRef())
        .isEqualTo(
            new SecretRef.File(
                "../secrets/a1.psk",
                tree.resolve("secrets/a1.psk").toAbsolutePath().normalize().toString()));
  }

  @Test
  void locatesProblemsInFilesFoundUnderADirectoryByTheirPathBelowIt() throws Exception {
    write("confs/site-a/dc1.yaml", "connections:\n  - name: dc1\n    mtu: \"15OO\"\n");
    write("confs/.git/config.yaml", "not: [read\n");

    assertThat(problems(dir.resolve("confs")))
        .containsExactly(
            dir.resolve("confs/site-a/dc1.yaml")
                + ":3:10: error: [O3] dc1: mtu: expected an integer, got a string");
  }

  @Test
  void theSameConnectionInTwoFilesNamesBothPlaces() throws Exception {
    Path a = write("a.yaml", "connections:\n  - name: dc1\n");
    Path b = write("b.yaml", "connections:\n  - name: other\n  - name: dc1\n    mtu: 1400\n");

    assertThat(problems(a, b))
        .containsExactly(
            b
                + ":3:5: error: [duplicate-connection] dc1: 'dc1' is declared twice: at "
                + a
                + ":2:5 and "
                + b
                + ":3:5");
  }

  @Test
  void theSameIdInTwoFilesIsOneConnectionDeclaredTwice() throws Exception {
    Path a = write("a.yaml", "connections:\n  - {id: 851f280f, name: one}\n");
    Path b = write("b.yaml", "connections:\n  - {id: 851f280f, name: two}\n");

    assertThat(problems(a, b))
        .containsExactly(
            b
                + ":2:5: error: [duplicate-connection] two: '851f280f' is declared twice: at "
                + a
                + ":2:5 and "
                + b
                + ":2:5");
  }

  @Test
  void differentProfilesInDifferentFilesNameBothPlaces() throws Exception {
    Path a = write("a.yaml", "profile: openstack\nconnections: []\n");
    Path b = write("b.yaml", "connections: []\nprofile: fujitsu-k5\n");

    assertThat(problems(a, b))
        .containsExactly(
            b
                + ":2:10: error: [profile] profile: conflicting profiles: 'openstack' at "
                + a
                + ":1:10 and 'fujitsu-k5' at "
                + b
                + ":2:10");
  }

  @Test
  void theSameProfileInSeveralFilesIsFine() throws Exception {
    Path a = write("a.yaml", "profile: openstack\nconnections: []\n");
    Path b = write("b.yaml", "profile: openstack\nconnections: []\n");

    assertThat(loader.load(List.of(a, b)).profileSource())
        .contains(new SourceLocation(a.toString(), 1, 10));
  }

  @Test
  void aBrokenFileDoesNotHideProblemsInTheOthers() throws Exception {
    Path a = write("a.yaml", "connections: [\n");
    Path missing = dir.resolve("missing.yaml");
    Path c = write("c.yaml", "connections:\n  - name: dc1\n    mtu: 1.5\n");

    assertThat(problems(a, missing, c))
        .containsExactly(
            missing + ": error: [path] " + missing + " does not exist",
            a + ":2:1: error: [yaml] expected the node content, but found '<stream end>'",
            c + ":3:10: error: [O3] dc1: mtu: expected an integer, got a float");
  }

  @Test
  void aDirectoryWithoutYamlIsAnError() throws Exception {
    write("empty/notes.txt", "nothing here\n");
    Path empty = dir.resolve("empty");

    assertThat(problems(empty))
        .containsExactly(
            empty + ": error: [path] directory " + empty + " contains no *.yaml or *.yml files");
  }

  @Test
  void noPathAtAllIsAnError() {
    assertThat(problems(loader, List.of()))
        .containsExactly("error: [path] no configuration file or directory given");
  }

  @Test
  void aFileReachedTwiceIsReadOnce() throws Exception {
    Path a = write("conf/a.yaml", "connections:\n  - name: dc1\n");

    DesiredState state = loader.load(List.of(a, dir.resolve("conf")));

    assertThat(state.files()).containsExactly(a.toString());
    assertThat(state.connections()).hasSize(1);
  }

  // ---- size and encoding ----------------------------------------------------------------------

  @Test
  void aFileLargerThanTheLimitIsRefusedBeforeReadingIt() throws Exception {
    // Sparse: 1 GiB on paper, nothing on disk. Reading it would take seconds and the memory.
    Path huge = dir.resolve("huge.yaml");
    try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
      f.setLength(1L << 30);
    }

    assertThat(problems(huge))
        .containsExactly(
            huge
                + ": error: [limits] the file is 1073741824 bytes, more than the limit of 8388608"
                + " bytes (maxFileBytes)");
  }

  @Test
  void theSizeLimitIsConfigurableAndInclusive() throws Exception {
    String yaml = "connections: []\n"; // 16 bytes
    Path p = write("a.yaml", yaml);

    assertThat(ConfigLoader.builder().maxFileBytes(16).build().load(List.of(p)).files())
        .containsExactly(p.toString());
    assertThat(problems(ConfigLoader.builder().maxFileBytes(15).build(), List.of(p)))
        .containsExactly(
            p
                + ": error: [limits] the file is 16 bytes, more than the limit of 15 bytes"
                + " (maxFileBytes)");
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () -> ConfigLoader.builder().maxFileBytes(15).build().loadString(yaml, "s.yaml", dir));
    assertThat(e.diagnostics())
        .extracting(Diagnostic::format)
        .containsExactly(
            "s.yaml: error: [limits] the file is 16 bytes, more than the limit of 15 bytes"
                + " (maxFileBytes)");
  }

  @Test
  void invalidUtf8IsLocatedAtTheFirstBadByte() throws Exception {
    byte[] prefix = "connections:\n  - name: dé".getBytes(StandardCharsets.UTF_8);
    byte[] bytes = new byte[prefix.length + 4];
    System.arraycopy(prefix, 0, bytes, 0, prefix.length);
    bytes[prefix.length] = (byte) 0xC3; // a lead byte, then not a continuation byte
    bytes[prefix.length + 1] = '(';
    bytes[prefix.length + 2] = '\n';
    bytes[prefix.length + 3] = (byte) 0xFF;
    Path p = write("bad.yaml", bytes);

    // Byte 26, but column 13: columns count characters, and é is one.
    assertThat(problems(p))
        .containsExactly(
            p
                + ":2:13: error: [yaml] the file is not valid UTF-8 (malformed byte sequence at"
                + " byte offset 26)");
  }

  @Test
  void aByteOrderMarkIsAcceptedAndDoesNotShiftColumns() throws Exception {
    byte[] yaml = "connections:\n  - name: dc1\n    mut: 1\n".getBytes(StandardCharsets.UTF_8);
    byte[] bytes = new byte[yaml.length + 3];
    bytes[0] = (byte) 0xEF;
    bytes[1] = (byte) 0xBB;
    bytes[2] = (byte) 0xBF;
    System.arraycopy(yaml, 0, bytes, 3, yaml.length);
    Path p = write("bom.yaml", bytes);

    assertThat(problems(p))
        .containsExactly(p + ":3:5: error: [O1] dc1: mut: unknown key 'mut'; did you mean 'mtu'?");

    Path ok = write("ok.yaml", new String(bytes, StandardCharsets.UTF_8).replace("mut", "mtu"));
    assertThat(loader.load(List.of(ok)).connections().get(0).source())
        .isEqualTo(new SourceLocation(ok.toString(), 2, 5));
    assertThat(loader.loadString("\uFEFFconnections: []\n", "s.yaml", dir).connections()).isEmpty();
  }

  // ---- psk files ------------------------------------------------------------------------------

  private DesiredConnection loadPskFile(String pskPath, byte[] content) throws Exception {
    write("conf/" + pskPath, content);
    Path yaml =
        write("conf/a.yaml", "connections:\n  - name: dc1\n    psk: {file: " + pskPath + "}\n");
    return loader.load(List.of(yaml)).connections().get(0);
  }

  @Test
  void aPskFileResolvesNextToTheYamlAndLosesExactlyOneTrailingNewline() throws Exception {
    DesiredConnection c =
        loadPskFile("secrets/dc1.psk", "key-1\n\n".getBytes(StandardCharsets.UTF_8));

    assertThat(c.psk().reveal()).isEqualTo("key-1\n");
    assertThat(c.pskRef())
        .isEqualTo(
            new SecretRef.File(
                "secrets/dc1.psk",
                dir.resolve("conf/secrets/dc1.psk").toAbsolutePath().toString()));
    assertThat(c.locations().get("psk.file"))
        .isEqualTo(new SourceLocation(dir.resolve("conf/a.yaml").toString(), 3, 17));
  }

  @Test
  void aPskFileLosesOneCrLfAndKeepsAKeyWithoutNewlineIntact() throws Exception {
    assertThat(loadPskFile("a.psk", "key\r\n\r\n".getBytes(StandardCharsets.UTF_8)).psk().reveal())
        .isEqualTo("key\r\n");
    assertThat(loadPskFile("b.psk", "key".getBytes(StandardCharsets.UTF_8)).psk().reveal())
        .isEqualTo("key");
    assertThat(
            loadPskFile("c.psk", " spaced key \n".getBytes(StandardCharsets.UTF_8)).psk().reveal())
        .isEqualTo(" spaced key ");
  }

  @Test
  void anAbsolutePskPathIsUsedAsIs() throws Exception {
    Path key = write("elsewhere/k.psk", "abs-key\n");
    DesiredConnection c =
        loader
            .loadString(
                "connections:\n  - name: dc1\n    psk: {file: '" + key + "'}\n",
                "s.yaml",
                dir.resolve("conf"))
            .connections()
            .get(0);

    assertThat(c.psk().reveal()).isEqualTo("abs-key");
    assertThat(((SecretRef.File) c.pskRef()).resolvedPath()).isEqualTo(key.toString());
  }

  @Test
  void loadStringResolvesPskFilesAgainstTheGivenBaseDirectory() throws Exception {
    write("base/k.psk", "base-key\n");
    DesiredConnection c =
        loader
            .loadString(
                "connections:\n  - name: dc1\n    psk: {file: k.psk}\n",
                "s.yaml",
                dir.resolve("base"))
            .connections()
            .get(0);

    assertThat(c.psk().reveal()).isEqualTo("base-key");
  }

  private List<String> pskFileProblems(String pskPath) throws Exception {
    Path yaml =
        write("conf/a.yaml", "connections:\n  - name: dc1\n    psk: {file: " + pskPath + "}\n");
    return problems(yaml).stream().map(s -> s.replace(yaml.toString(), "a.yaml")).toList();
  }

  @Test
  void aMissingPskFileIsLocatedAtItsPath() throws Exception {
    assertThat(pskFileProblems("secrets/none.psk"))
        .containsExactly(
            "a.yaml:3:17: error: [psk-source] dc1: psk.file: psk file 'secrets/none.psk' does not"
                + " exist (looked for "
                + dir.resolve("conf/secrets/none.psk").toAbsolutePath()
                + ")");
  }

  @Test
  void aPskFileThatIsADirectoryTooLargeOrNotUtf8IsRefused() throws Exception {
    Files.createDirectories(dir.resolve("conf/secrets"));
    assertThat(pskFileProblems("secrets"))
        .containsExactly(
            "a.yaml:3:17: error: [psk-source] dc1: psk.file: psk file 'secrets' is a directory");

    write("conf/big.psk", new byte[64 * 1024 + 1]);
    assertThat(pskFileProblems("big.psk"))
        .containsExactly(
            "a.yaml:3:17: error: [psk-source] dc1: psk.file: psk file 'big.psk' is larger than"
                + " 64 KiB");

    write("conf/latin1.psk", new byte[] {'k', (byte) 0xE9, 'y'});
    assertThat(pskFileProblems("latin1.psk"))
        .containsExactly(
            "a.yaml:3:17: error: [psk-source] dc1: psk.file: psk file 'latin1.psk' is not valid"
                + " UTF-8");
  }

  @Test
  void aPskFileOfExactly64KiBIsAccepted() throws Exception {
    byte[] content = new byte[64 * 1024];
    java.util.Arrays.fill(content, (byte) 'k');
    assertThat(loadPskFile("max.psk", content).psk().reveal()).hasSize(64 * 1024);
  }
}

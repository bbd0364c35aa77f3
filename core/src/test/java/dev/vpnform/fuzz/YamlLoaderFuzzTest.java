package dev.vpnform.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vpnform.config.ConfigException;
import dev.vpnform.config.ConfigLoader;
import dev.vpnform.model.DesiredState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzzes {@link ConfigLoader#loadString}: whatever the text, the loader either loads it or throws a
 * {@link ConfigException}. Anything else (a RuntimeException, a StackOverflowError, an
 * OutOfMemoryError, a record constructor refusing what the reader built) is a bug, and so is a
 * message that echoes a value written under psk.
 *
 * <p>Regression mode (every {@code mvn test}) runs the committed inputs in {@code
 * src/test/resources/dev/vpnform/fuzz/YamlLoaderFuzzTestInputs/}; with {@code JAZZER_FUZZ=1} it
 * fuzzes for {@code maxDuration} (override with {@code -Djazzer.max_duration=10m}). See {@code
 * src/test/resources/fuzz/README.md}.
 */
class YamlLoaderFuzzTest {
  private static final ConfigLoader LOADER = ConfigLoader.builder().environment(k -> "x").build();

  /** psk files resolve against an empty directory, so that no input reads a real file. */
  private static final Path BASE_DIR = emptyDirectory();

  @FuzzTest(maxDuration = "30s")
  @DictionaryFile(resourcePath = "/fuzz/yaml.dict")
  void loadString(byte[] input) throws Throwable {
    Bounded.run(() -> load(new String(input, StandardCharsets.UTF_8)));
  }

  private static void load(String text) {
    List<String> messages = new ArrayList<>();
    try {
      DesiredState state = LOADER.loadString(text, "fuzz.yaml", BASE_DIR);
      state.warnings().forEach(d -> messages.add(d.format()));
    } catch (ConfigException e) {
      messages.add(e.getMessage());
      e.diagnostics().forEach(d -> messages.add(d.format()));
    }
    Canary.assertNotEchoedFromPsk(text, messages);
  }

  private static Path emptyDirectory() {
    try {
      Path dir = Files.createTempDirectory("vpnform-fuzz-yaml");
      dir.toFile().deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

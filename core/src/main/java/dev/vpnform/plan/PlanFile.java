package dev.vpnform.plan;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.vpnform.model.Secret;
import dev.vpnform.model.SecretRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A plan saved to a file ({@code plan -o}), to be applied later exactly as it was reviewed.
 *
 * <p>The file holds, per connection, the desired values and where its psk comes from (never the
 * psk: apply reads it again), the actual connection it was planned against (without its psk) and
 * that snapshot's fingerprint. It is written with mode 0600. Reading checks the format version,
 * every type, and that each change still follows from its desired and actual halves, so that a
 * truncated or hand-edited file is refused rather than half-applied.
 *
 * <p>The jobs are split: {@link PlanFileWriter} writes, {@link PlanFileReader} decodes strictly,
 * {@link PlanFileVerifier} rebuilds each change and compares.
 */
public final class PlanFile {
  private PlanFile() {}

  public static final String FORMAT_VERSION = "2";
  public static final String KIND = "vpnform-plan";
  static final long MAX_BYTES = 64L << 20;

  static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  static {
    JSON.getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(32)
                .maxStringLength(1 << 20)
                .maxDocumentLength(MAX_BYTES)
                .maxNumberLength(32)
                .build());
  }

  /** A saved plan as read back; the plan says what it was made with. */
  public record Saved(Plan plan, String createdAt) {
    /** Where the actual state came from (an endpoint URL or a file). */
    public String target() {
      return plan.source();
    }

    public boolean rotatePsk() {
      return plan.rotatePsk();
    }
  }

  /**
   * Where a saved plan's psks are read again: the plan names a source ({@code env} or {@code
   * file}), never a value.
   */
  @FunctionalInterface
  public interface SecretSource {
    /**
     * @param plan the plan file's name, for messages
     */
    Secret read(SecretRef ref, String plan) throws PlanFileException;

    /** Leaves every psk unresolved, for reading a plan only to show it. */
    static SecretSource unresolved() {
      return (ref, plan) -> Secret.of("");
    }
  }

  /**
   * Writes {@code plan} to {@code file} with mode 0600, atomically.
   *
   * @throws PlanFileException when a psk to send is a literal (a plan file never holds a psk), the
   *     plan has errors, or the file cannot be written
   */
  public static void write(Plan plan, Path file) throws PlanFileException {
    PlanFileWriter.write(plan, file);
  }

  /** Reads a saved plan, resolving peer_address hostnames with {@code resolver}. */
  public static Saved read(Path file, SecretSource secrets, AddressResolver resolver)
      throws PlanFileException {
    String name = file.toString();
    byte[] bytes;
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw new PlanFileException(
            name + ": the file is larger than " + MAX_BYTES + " bytes; not a plan");
      }
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new PlanFileException(name + ": no such file");
    } catch (IOException e) {
      throw new PlanFileException(
          name + ": cannot read it (" + e.getClass().getSimpleName() + ")", e);
    }
    return parse(bytes, name, secrets, resolver);
  }

  /**
   * Reads a saved plan's bytes; {@code name} is used in messages. peer_address hostnames are
   * resolved with {@code resolver} when the changes are rebuilt (tests and fuzzing pass one that
   * makes no DNS query).
   */
  public static Saved parse(
      byte[] bytes, String name, SecretSource secrets, AddressResolver resolver)
      throws PlanFileException {
    return new PlanFileReader(name, secrets, resolver).parse(bytes);
  }
}

package dev.vpnform.cli.commands;

import dev.vpnform.cli.Context;
import dev.vpnform.cli.render.MarkdownRenderer;
import dev.vpnform.model.VpnformException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --markdown-out} and {@code --markdown-max-bytes}: the report file for a PR comment. */
final class MarkdownOptions {
  static final int DEFAULT_MAX_BYTES = 65_000;
  static final int MIN_BYTES = 2_000;
  static final int MAX_BYTES = 1_000_000;
  private static final String MARKER = "<!-- vpnform:report ";

  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  @Option(
      names = "--markdown-out",
      paramLabel = "FILE",
      description =
          "Also write the report as Markdown for a pull request comment, split into FILE,"
              + " FILE.2 ... (before the extension: plan.md, plan.2.md) when it is too long.")
  Path out;

  int maxBytes = DEFAULT_MAX_BYTES;

  @Option(
      names = "--markdown-max-bytes",
      paramLabel = "N",
      description =
          "Largest part of the Markdown report in UTF-8 bytes (default: 65000, GitHub's comment"
              + " limit; 2000 to 1000000).")
  void maxBytes(int n) {
    if (n < MIN_BYTES || n > MAX_BYTES) {
      throw new ParameterException(
          mixee.commandLine(),
          "--markdown-max-bytes must be between " + MIN_BYTES + " and " + MAX_BYTES);
    }
    this.maxBytes = n;
  }

  boolean wanted() {
    return out != null;
  }

  /**
   * Writes the parts made by {@code split} (given the byte budget), deletes parts left over from a
   * longer earlier report, and says on stderr which files were written.
   */
  void write(IntFunction<List<String>> split, Context ctx) throws VpnformException {
    List<String> parts = split.apply(maxBytes);
    List<String> written = new ArrayList<>();
    try {
      Path parent = out.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      for (int i = 0; i < parts.size(); i++) {
        Path p = part(out, i + 1);
        Files.writeString(p, parts.get(i), StandardCharsets.UTF_8);
        written.add(p.toString());
      }
      for (int i = parts.size() + 1; isOurs(part(out, i)); i++) {
        Files.delete(part(out, i));
      }
    } catch (IOException e) {
      throw new VpnformException(
          "Cannot write the Markdown report " + out + ": " + e.getClass().getSimpleName(), e);
    }
    ctx.err().println(MarkdownRenderer.written(written));
    ctx.err().flush();
  }

  /** Part 1 is the file itself; part i is {@code name.i.ext}. */
  static Path part(Path file, int i) {
    if (i == 1) {
      return file;
    }
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String n = dot > 0 ? name.substring(0, dot) + "." + i + name.substring(dot) : name + "." + i;
    return file.resolveSibling(n);
  }

  private static boolean isOurs(Path p) throws IOException {
    if (!Files.isRegularFile(p)) {
      return false;
    }
    try (var r = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
      String first = r.readLine();
      return first != null && first.startsWith(MARKER);
    } catch (java.nio.charset.CharacterCodingException e) {
      return false;
    }
  }
}

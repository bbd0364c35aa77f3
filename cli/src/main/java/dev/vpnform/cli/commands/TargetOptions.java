package dev.vpnform.cli.commands;

import dev.vpnform.plan.Targeting;
import dev.vpnform.plan.TargetingException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --target}, {@code --exclude} and their {@code -file} forms. */
final class TargetOptions {
  @Option(
      names = "--target",
      paramLabel = "SELECTOR",
      description =
          "Plan only the connections it selects (repeatable): name:GLOB, id:UUID or file:GLOB;"
              + " a bare UUID is an id, anything else a name.")
  List<String> targets = new ArrayList<>();

  @Option(
      names = "--target-file",
      paramLabel = "FILE",
      description = "Selectors to target, one per line ('#' comments).")
  List<Path> targetFiles = new ArrayList<>();

  @Option(
      names = "--exclude",
      paramLabel = "SELECTOR",
      description = "Leave out the connections it selects (repeatable).")
  List<String> excludes = new ArrayList<>();

  @Option(
      names = "--exclude-file",
      paramLabel = "FILE",
      description = "Selectors to leave out, one per line ('#' comments).")
  List<Path> excludeFiles = new ArrayList<>();

  boolean given() {
    return !targets.isEmpty()
        || !targetFiles.isEmpty()
        || !excludes.isEmpty()
        || !excludeFiles.isEmpty();
  }

  Targeting targeting() throws TargetingException {
    return Targeting.of(targets, excludes).withFiles(targetFiles, excludeFiles);
  }
}

package dev.vpnform.cli.commands;

import dev.vpnform.config.ConfigException;
import dev.vpnform.config.ProjectsFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --project}, {@code --all-projects} and {@code --projects-file}. */
final class ProjectOptions {
  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  @Option(
      names = "--project",
      paramLabel = "NAME",
      description = "Run for this project of vpnform.projects.yaml (repeatable).")
  List<String> names = new ArrayList<>();

  @Option(names = "--all-projects", description = "Run for every project of vpnform.projects.yaml.")
  boolean all;

  @Option(
      names = "--projects-file",
      paramLabel = "FILE",
      description = "The projects file (default: vpnform.projects.yaml in this directory).")
  Path file;

  boolean given() {
    return all || !names.isEmpty();
  }

  /**
   * The projects asked for, in file order, or empty when none was (then PATH arguments are
   * required).
   *
   * @throws ConfigException when the projects file is wrong or names no such project
   */
  Optional<List<ProjectsFile.Project>> select(boolean pathsGiven) throws ConfigException {
    Path f = file != null ? file : Path.of(ProjectsFile.NAME);
    if (!given()) {
      if (pathsGiven) {
        return Optional.empty();
      }
      throw new ParameterException(
          mixee.commandLine(),
          Files.isRegularFile(f)
              ? "Missing PATH: give files or directories, or --project NAME or --all-projects to"
                  + " use the projects of "
                  + f
              : "Missing required parameter: 'PATH'");
    }
    if (all && !names.isEmpty()) {
      throw new ParameterException(
          mixee.commandLine(), "--project and --all-projects cannot be combined");
    }
    if (pathsGiven) {
      throw new ParameterException(
          mixee.commandLine(),
          "PATH and --project/--all-projects cannot be combined: a project's paths are in " + f);
    }
    if (!Files.isRegularFile(f)) {
      throw new ParameterException(
          mixee.commandLine(), f + " is not here; name the projects file with --projects-file");
    }
    return Optional.of(ProjectsFile.read(f).select(names));
  }
}

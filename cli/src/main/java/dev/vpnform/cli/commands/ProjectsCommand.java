package dev.vpnform.cli.commands;

import dev.vpnform.cli.Context;
import dev.vpnform.cli.ExitCode;
import dev.vpnform.cli.render.DiagnosticRenderer;
import dev.vpnform.cli.render.Format;
import dev.vpnform.cli.render.JsonRenderer;
import dev.vpnform.cli.render.ProjectsView;
import dev.vpnform.config.ConfigException;
import dev.vpnform.config.ProjectsFile;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vpnform projects}: the projects of vpnform.projects.yaml, e.g. as a CI matrix. */
@Command(
    name = "projects",
    description =
        "List the projects of vpnform.projects.yaml; --format json prints a CI matrix list.",
    mixinStandardHelpOptions = true)
public final class ProjectsCommand implements Callable<Integer> {
  @Mixin FormatOption format = new FormatOption(Format.text, Format.json);

  @Option(
      names = "--projects-file",
      paramLabel = "FILE",
      description = "The projects file (default: vpnform.projects.yaml in this directory).")
  Path file = Path.of(ProjectsFile.NAME);

  private final Context ctx;

  public ProjectsCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    ProjectsFile projects;
    try {
      projects = ProjectsFile.read(file);
    } catch (ConfigException e) {
      DiagnosticRenderer.print(e.diagnostics(), ctx.err());
      ctx.err().println(DiagnosticRenderer.summary(e.diagnostics()));
      return ExitCode.ERROR;
    }
    if (format.get() == Format.json) {
      ctx.out().println(JsonRenderer.projectList(projects.projects()));
    } else {
      ctx.out().print(ProjectsView.list(projects.projects()));
    }
    ctx.out().flush();
    return ExitCode.OK;
  }
}

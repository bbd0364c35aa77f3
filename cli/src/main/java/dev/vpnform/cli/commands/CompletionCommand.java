package dev.vpnform.cli.commands;

import dev.vpnform.cli.Context;
import dev.vpnform.cli.ExitCode;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vpnform completion bash|zsh}: picocli's completion script for every command and option.
 * The same script serves zsh through bashcompinit, which it loads itself.
 */
@Command(
    name = "completion",
    description = {
      "Print a shell completion script: source <(vpnform completion bash), or the same in zsh.",
    },
    mixinStandardHelpOptions = true)
public final class CompletionCommand implements Callable<Integer> {
  /** The shells picocli's script supports. */
  public enum Shell {
    bash,
    zsh
  }

  @Parameters(paramLabel = "SHELL", description = "bash or zsh.")
  Shell shell;

  @Spec CommandSpec spec;

  private final Context ctx;

  public CompletionCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    ctx.out().print(AutoComplete.bash("vpnform", spec.root().commandLine()));
    ctx.out().flush();
    return ExitCode.OK;
  }
}

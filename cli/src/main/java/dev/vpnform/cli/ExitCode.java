package dev.vpnform.cli;

/**
 * The exit-code contract, in one place. Scripts and CI depend on it: extend it, never change a
 * value.
 */
public final class ExitCode {
  private ExitCode() {}

  /** Success; for plan: no changes (or changes, without --detailed-exitcode). */
  public static final int OK = 0;

  /** Any error: invalid configuration, validation errors, a server error, a failed update. */
  public static final int ERROR = 1;

  /** plan --detailed-exitcode: the plan has changes. */
  public static final int CHANGES = 2;

  /** The command line itself is wrong (unknown option, missing argument). */
  public static final int USAGE = 64;
}

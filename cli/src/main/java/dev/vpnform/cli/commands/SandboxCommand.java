package dev.vpnform.cli.commands;

import dev.vpnform.cli.Context;
import dev.vpnform.cli.ExitCode;
import dev.vpnform.cli.render.SandboxView;
import dev.vpnform.sandbox.Faults;
import dev.vpnform.sandbox.Sandbox;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vpnform sandbox}: runs the local Neutron-compatible VPNaaS API until interrupted. */
@Command(
    name = "sandbox",
    description = "Run a local Neutron-compatible VPNaaS API (in memory, loopback only).",
    mixinStandardHelpOptions = true)
public final class SandboxCommand implements Callable<Integer> {
  @Option(
      names = "--port",
      description = "Port to listen on (default: ${DEFAULT-VALUE}; 0 = any free port).")
  int port = 9696;

  @Option(
      names = "--bind",
      paramLabel = "ADDRESS",
      description = "Loopback address to bind (default: ${DEFAULT-VALUE}).")
  String bind = "127.0.0.1";

  @Option(
      names = "--state",
      paramLabel = "FILE",
      description = "Keep the state in FILE (JSON, mode 0600), loaded at start.")
  Path state;

  @Option(
      names = "--seed",
      paramLabel = "FILE",
      description = "Start from this state instead of the built-in sample.")
  Path seed;

  @Option(
      names = "--keystone",
      description = "Also serve Keystone v3 at /identity/v3 (user admin/admin) and require tokens.")
  boolean keystone;

  @Option(
      names = "--pending-to-active",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "New connections leave PENDING_CREATE after this long (default: never, like Neutron without an agent).")
  Duration pendingToActive;

  @Option(
      names = "--latency",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "Delay every response.")
  Duration latency;

  @Option(
      names = "--error-rate",
      paramLabel = "P",
      description = "Answer this share of requests with 500/503 (0 to 1).")
  double errorRate;

  private final Context ctx;
  private final CountDownLatch stop;

  public SandboxCommand(Context ctx) {
    this(ctx, new CountDownLatch(1));
  }

  SandboxCommand(Context ctx, CountDownLatch stop) {
    this.ctx = ctx;
    this.stop = stop;
  }

  @Override
  public Integer call() throws dev.vpnform.model.VpnformException, InterruptedException {
    Sandbox.Builder b = Sandbox.builder().bindAddress(bind).port(port).keystone(keystone);
    if (state != null) {
      b.stateFile(state);
    }
    if (seed != null) {
      b.seed(seed);
    }
    if (pendingToActive != null) {
      b.pendingToActiveAfter(pendingToActive);
    }
    Faults faults = Faults.none();
    if (latency != null) {
      faults = faults.withLatency(latency);
    }
    if (errorRate > 0) {
      faults = faults.withErrorRate(errorRate);
    }
    b.faults(faults);
    Sandbox started;
    try {
      started = b.build().start();
    } catch (java.net.BindException e) {
      throw new dev.vpnform.model.VpnformException(SandboxView.portInUse(bind, port));
    } catch (IOException e) {
      throw new dev.vpnform.model.VpnformException(SandboxView.cannotStart(e), e);
    }
    try (Sandbox sandbox = started) {
      String endpoint = sandbox.networkEndpoint().toString();
      ctx.out()
          .println(
              SandboxView.listening(
                  endpoint, keystone ? sandbox.identityEndpoint().toString() : null));
      ctx.out().flush();
      Thread hook = new Thread(stop::countDown, "vpnform-sandbox-stop");
      Runtime.getRuntime().addShutdownHook(hook);
      stop.await();
    }
    return ExitCode.OK;
  }
}

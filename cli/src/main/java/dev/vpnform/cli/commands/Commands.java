package dev.vpnform.cli.commands;

import dev.vpnform.Reconciler;
import dev.vpnform.cli.Context;
import dev.vpnform.model.Profile;
import java.util.Optional;

/** Small helpers shared by the commands. */
final class Commands {
  private Commands() {}

  static Reconciler reconciler(Context ctx, Optional<Profile> profile, boolean rotatePsk) {
    Reconciler.Builder b = Reconciler.builder().environment(ctx::env).rotatePsk(rotatePsk);
    profile.ifPresent(b::profile);
    return b.build();
  }
}

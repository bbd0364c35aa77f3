package dev.vpnform.cli.commands;

import dev.vpnform.Reconciler;
import dev.vpnform.cli.Context;
import dev.vpnform.model.Profile;

/** Small helpers shared by the commands. */
final class Commands {
  private Commands() {}

  static Reconciler reconciler(Context ctx, Profile profile, boolean rotatePsk) {
    Reconciler.Builder b = Reconciler.builder().environment(ctx::env).rotatePsk(rotatePsk);
    if (profile != null) {
      b.profile(profile);
    }
    return b.build();
  }
}

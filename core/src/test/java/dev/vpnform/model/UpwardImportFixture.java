package dev.vpnform.model;

import dev.vpnform.plan.Plan;

/** A model class that imports a layer above it, for {@code PackageGraphTest}'s negative case. */
public final class UpwardImportFixture {
  private UpwardImportFixture() {}

  public static int changes(Plan plan) {
    return plan.changes().size();
  }
}

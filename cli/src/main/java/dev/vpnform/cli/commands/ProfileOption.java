package dev.vpnform.cli.commands;

import dev.vpnform.model.Profile;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --profile}, declared once for every command that has it. */
final class ProfileOption {
  @Option(
      names = "--profile",
      paramLabel = "PROFILE",
      converter = ProfileConverter.class,
      description =
          "openstack, huaweicloud or fujitsu-k5; overrides 'profile:' in the files (export: the"
              + " profile written, default openstack).")
  Profile profile;

  Optional<Profile> get() {
    return Optional.ofNullable(profile);
  }
}

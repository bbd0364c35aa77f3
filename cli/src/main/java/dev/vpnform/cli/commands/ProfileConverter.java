package dev.vpnform.cli.commands;

import dev.vpnform.model.Profile;
import picocli.CommandLine;

/** Parses {@code --profile} by the names users write: openstack, huaweicloud, fujitsu-k5. */
final class ProfileConverter implements CommandLine.ITypeConverter<Profile> {
  @Override
  public Profile convert(String value) {
    return Profile.byId(value)
        .orElseThrow(
            () ->
                new CommandLine.TypeConversionException(
                    "unknown profile '" + value + "'; expected one of " + Profile.ids()));
  }
}

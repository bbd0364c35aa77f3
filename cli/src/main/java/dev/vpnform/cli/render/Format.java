package dev.vpnform.cli.render;

/** The output formats; each command accepts the ones it can produce. */
public enum Format {
  text,
  json,
  diff,
  markdown
}

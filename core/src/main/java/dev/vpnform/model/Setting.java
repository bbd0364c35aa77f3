package dev.vpnform.model;

/**
 * A setting of the library that a message can point to. The library names it in words; a front end
 * (the CLI) shows how to set it there, e.g. a flag.
 */
public enum Setting {
  /** Send every managed psk even when the stored one cannot be compared (H12). */
  ROTATE_PSK("psk rotation");

  private final String words;

  Setting(String words) {
    this.words = words;
  }

  /** How library messages name it: "psk rotation". */
  public String words() {
    return words;
  }
}

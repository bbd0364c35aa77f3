/**
 * Internal: reading the YAML configuration into the model, and writing live connections back as
 * configuration. Not part of vpnform's API, except the value types {@code Reconciler} returns
 * ({@code ConfigException}, {@code ConfigWriter.Export}); use {@code Reconciler.load} and {@code
 * Reconciler.export}.
 */
package dev.vpnform.config;

/**
 * Internal: the rules (O1-O16 upstream, H1-H12 huaweicloud, F1-F10 fujitsu-k5, target matching and
 * the live checks). Not part of vpnform's API: any release may change it. Use {@code
 * dev.vpnform.Reconciler}, which runs every rule and returns their diagnostics in a plan.
 */
package dev.vpnform.validate;

package io.tidelake.table.actions;

import java.util.Objects;

/**
 * The {@code domainMetadata} action: an opaque configuration string (usually JSON) owned by a named
 * domain; {@code removed=true} is a tombstone. Writers must preserve domains they do not understand.
 */
public record DomainMetadata(String domain, String configuration, boolean removed) implements Action {
  public DomainMetadata {
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(configuration, "configuration");
  }

  /** Domains named {@code delta.*} belong to table features; users must not edit them directly. */
  public boolean isSystemDomain() {
    return domain.startsWith("delta.");
  }
}

package com.dimosaic.vps.secrets;

import java.util.Set;

/**
 * Where a profile's secrets come from. Names are known without decrypting (SOPS keeps keys in
 * clear), so a profile can be validated without the key; values are decrypted on demand.
 * Implementations must be safe for concurrent use.
 */
public interface SecretsSource {
  /** A source with no secrets. */
  SecretsSource EMPTY = new SecretsSource() {
    @Override
    public Set<String> names() {
      return Set.of();
    }

    @Override
    public Secret get(String name) {
      throw new SecretsException("no secret named '" + name + "' (the profile has no secrets)");
    }

    @Override
    public String description() {
      return "none";
    }
  };

  /** The names of every secret. */
  Set<String> names();

  /**
   * The secret with this name.
   *
   * @throws SecretsException when there is no such secret or it cannot be decrypted
   */
  Secret get(String name);

  /** Where the secrets come from, for reports (e.g. {@code secrets.yaml (plain)}); never a value. */
  String description();

  /** Where the secret is defined, as {@code file:line:column}, when known (for messages; never a value). */
  default java.util.Optional<String> location(String name) {
    return java.util.Optional.empty();
  }

  /**
   * The same names with every value replaced by {@code ********}, without decrypting anything: for
   * dry runs that show files with secrets masked.
   */
  static SecretsSource masked(SecretsSource source) {
    return new SecretsSource() {
      @Override
      public Set<String> names() {
        return source.names();
      }

      @Override
      public Secret get(String name) {
        if (!source.names().contains(name)) {
          throw new SecretsException("no secret named '" + name + "' in " + source.description());
        }
        return Secret.of(name, "********");
      }

      @Override
      public String description() {
        return source.description() + ", masked";
      }

      @Override
      public java.util.Optional<String> location(String name) {
        return source.location(name);
      }
    };
  }
}

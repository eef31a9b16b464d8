package com.dimosaic.vps.secrets.sops;

import java.util.List;
import java.util.Map;

/**
 * A decrypted SOPS file: one tree per YAML document (a JSON file has one), with values typed as
 * sops types them ({@code String}, {@code Long}, {@code Double}, {@code Boolean}, {@code byte[]},
 * nested {@code Map}s in file order and {@code List}s; YAML nulls are {@code null}).
 * {@code toString} never shows values.
 *
 * @param documents the documents, without their {@code sops} metadata
 * @param recipients the age recipients the file is encrypted to
 * @param lastModified the {@code sops.lastmodified} time
 */
public record SopsDocument(List<Map<String, Object>> documents, List<String> recipients, String lastModified) {
  /** Copies the lists. */
  public SopsDocument {
    documents = List.copyOf(documents);
    recipients = List.copyOf(recipients);
  }

  /** Shows the shape only. */
  @Override
  public String toString() {
    return "SopsDocument[" + documents.size() + " document(s), keys " + documents.stream().map(Map::keySet).toList()
        + ", recipients " + recipients + "]";
  }
}

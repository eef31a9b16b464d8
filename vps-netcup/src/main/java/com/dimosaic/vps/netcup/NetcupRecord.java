package com.dimosaic.vps.netcup;

/**
 * A record as the API carries it (all strings on the wire).
 *
 * @param id the server's id, empty for a new record
 * @param hostname relative name, {@code @} for the apex
 * @param type record type
 * @param priority MX priority ({@code "0"} otherwise)
 * @param destination the value (TXT unquoted)
 * @param deleteRecord whether the record is to be deleted
 * @param state {@code yes} (published), {@code unknown} (not yet), empty on input
 */
public record NetcupRecord(String id, String hostname, String type, String priority, String destination, boolean deleteRecord,
    String state) {
  /** A new record (no id). */
  public static NetcupRecord create(String hostname, String type, String priority, String destination) {
    return new NetcupRecord("", hostname, type, priority, destination, false, "");
  }
}

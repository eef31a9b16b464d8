package com.dimosaic.vps.validation;

/** A check's verdict, ordered from best to worst. */
public enum Status {
  /** Fine. */
  PASS("✓"),
  /** Works, but needs attention soon. */
  WARN("⚠"),
  /** Broken. */
  FAIL("✗");

  private final String symbol;

  Status(String symbol) {
    this.symbol = symbol;
  }

  /** ✓, ⚠ or ✗. */
  public String symbol() {
    return symbol;
  }

  /** The worse of two. */
  public Status worst(Status other) {
    return other.ordinal() > ordinal() ? other : this;
  }
}

package com.dimosaic.vps.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The file diff of a drift report, as {@code diff -u} would print it. */
class UnifiedDiffTest {
  @Test
  void oneChangedLineWithThreeLinesOfContext() {
    String host = "a\nb\nc\nd\nchanged\ne\nf\ng\nh\n";
    String want = "a\nb\nc\nd\nwanted\ne\nf\ng\nh\n";
    assertEquals("--- /x (host)\n+++ /x (profile)\n@@ -2,7 +2,7 @@\n b\n c\n d\n-changed\n+wanted\n e\n f\n g\n", UnifiedDiff.of("/x", host, want));
  }

  @Test
  void linesAddedAtTheEndAndChangesFarApartMakeTwoHunks() {
    String host = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n";
    String want = "1\nTWO\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\nthirteen\n";
    assertEquals("--- /y (host)\n+++ /y (profile)\n@@ -1,5 +1,5 @@\n 1\n-2\n+TWO\n 3\n 4\n 5\n@@ -10,3 +10,4 @@\n 10\n 11\n 12\n+thirteen\n",
        UnifiedDiff.of("/y", host, want));
    assertEquals("", UnifiedDiff.of("/z", "same\n", "same\n"));
  }
}

package com.dimosaic.vps.drift;

import java.util.ArrayList;
import java.util.List;

/**
 * A unified diff ({@code diff -u} form, three lines of context) of two texts: the host's file
 * ({@code ---}) against what the profile renders ({@code +++}). Longest common subsequence on lines;
 * texts too large for that are shown as replaced whole.
 */
final class UnifiedDiff {
  private static final int CONTEXT = 3;
  private static final long MAX_CELLS = 4_000_000L;

  private UnifiedDiff() {}

  /** The diff of {@code host} against {@code wanted} for {@code path}; empty when they are equal. */
  static String of(String path, String host, String wanted) {
    if (host.equals(wanted)) {
      return "";
    }
    List<String> a = host.lines().toList();
    List<String> b = wanted.lines().toList();
    List<char[]> ops = new ArrayList<>(); // ' ', '-', '+' with the line index in a or b
    List<String> text = new ArrayList<>();
    if ((long) a.size() * b.size() > MAX_CELLS) {
      a.forEach(l -> add(ops, text, '-', l));
      b.forEach(l -> add(ops, text, '+', l));
    } else {
      int[][] lcs = new int[a.size() + 1][b.size() + 1];
      for (int i = a.size() - 1; i >= 0; i--) {
        for (int j = b.size() - 1; j >= 0; j--) {
          lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
        }
      }
      int i = 0;
      int j = 0;
      while (i < a.size() || j < b.size()) {
        if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
          add(ops, text, ' ', a.get(i++));
          j++;
        } else if (j < b.size() && (i == a.size() || lcs[i][j + 1] > lcs[i + 1][j])) {
          add(ops, text, '+', b.get(j++));
        } else {
          add(ops, text, '-', a.get(i++));
        }
      }
    }
    StringBuilder sb = new StringBuilder("--- " + path + " (host)\n+++ " + path + " (profile)\n");
    int n = ops.size();
    int k = 0;
    while (k < n) {
      if (ops.get(k)[0] == ' ') {
        k++;
        continue;
      }
      int start = Math.max(0, k - CONTEXT);
      int end = k;
      // extend the hunk while changes are no more than 2 × context lines apart
      while (end < n) {
        if (ops.get(end)[0] != ' ') {
          end++;
          continue;
        }
        int run = end;
        while (run < n && ops.get(run)[0] == ' ') {
          run++;
        }
        if (run < n && run - end <= 2 * CONTEXT) {
          end = run;
        } else {
          end = Math.min(n, end + CONTEXT);
          break;
        }
      }
      int oldStart = 1;
      int newStart = 1;
      for (int x = 0; x < start; x++) {
        oldStart += ops.get(x)[0] != '+' ? 1 : 0;
        newStart += ops.get(x)[0] != '-' ? 1 : 0;
      }
      int oldLen = 0;
      int newLen = 0;
      for (int x = start; x < end; x++) {
        oldLen += ops.get(x)[0] != '+' ? 1 : 0;
        newLen += ops.get(x)[0] != '-' ? 1 : 0;
      }
      sb.append("@@ -").append(oldLen == 0 ? oldStart - 1 : oldStart).append(',').append(oldLen).append(" +")
          .append(newLen == 0 ? newStart - 1 : newStart).append(',').append(newLen).append(" @@\n");
      for (int x = start; x < end; x++) {
        sb.append(ops.get(x)[0]).append(text.get(x)).append('\n');
      }
      k = end;
    }
    return sb.toString();
  }

  private static void add(List<char[]> ops, List<String> text, char op, String line) {
    ops.add(new char[] {op});
    text.add(line);
  }
}

package com.dimosaic.vps.profile;

import com.dimosaic.vps.core.VpsException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown when a profile folder is invalid. Carries every problem found, not only the first, each
 * naming file, line, column and key path. Nothing on any host has been touched when this is thrown.
 */
public final class ProfileException extends VpsException {
  private static final long serialVersionUID = 1L;

  /** Why a profile is refused. */
  public enum Reason implements VpsException.Reason {
    /** One or more problems in the profile folder, each with file, line, column and key. */
    INVALID(Category.INVALID_INPUT);

    private final Category category;

    Reason(Category category) {
      this.category = category;
    }

    @Override
    public Category category() {
      return category;
    }
  }

  private final transient List<ConfigProblem> problems;

  /** Creates the exception from the problems found (at least one). */
  public ProfileException(List<ConfigProblem> problems) {
    super(Reason.INVALID, format(problems));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("problems is empty");
    }
    this.problems = List.copyOf(problems);
  }

  /** Every problem found, in file order. */
  public List<ConfigProblem> problems() {
    return problems;
  }

  private static String format(List<ConfigProblem> problems) {
    String head = problems.size() == 1 ? "invalid profile: 1 problem" : "invalid profile: " + problems.size() + " problems";
    return head + "\n" + problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n"));
  }

  @Override
  public Reason reason() {
    return (Reason) super.reason();
  }
}
